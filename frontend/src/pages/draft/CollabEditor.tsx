import { markdown } from "@codemirror/lang-markdown";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useRef } from "react";
import { yCollab } from "y-codemirror.next";
import * as yjs from "yjs";
import type { CollabSession } from "../../spaces/useCollab";

export interface Selection {
  text: string;
  from: number;
  to: number;
}

/**
 * CodeMirror 6 bound to the draft's yjs.Text by y-codemirror.next: local edits become Yjs
 * updates, remote ones arrive as editor changes, and the awareness states of the others are
 * drawn as named, coloured cursors. Readers get the same live view, but the editor refuses
 * input (the server would refuse their updates anyway).
 */
export function CollabEditor({
  session,
  readOnly,
  labelledBy,
  onSelection,
}: {
  session: CollabSession;
  readOnly: boolean;
  labelledBy: string;
  onSelection(selection: Selection): void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const selectionCallback = useRef(onSelection);
  selectionCallback.current = onSelection;

  useEffect(() => {
    if (!host.current) return;
    const { text, provider } = session;
    const undoManager = new yjs.UndoManager(text);
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          basicSetup,
          markdown(),
          EditorView.lineWrapping,
          yCollab(text, provider.awareness, { undoManager }),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({
            "aria-labelledby": labelledBy,
            ...(readOnly ? { "aria-readonly": "true" } : {}),
          }),
          EditorView.updateListener.of((update) => {
            if (!update.selectionSet && !update.docChanged) return;
            const { from, to } = update.state.selection.main;
            selectionCallback.current({ text: update.state.sliceDoc(from, to), from, to });
          }),
        ],
      }),
    });
    return () => {
      view.destroy();
      undoManager.destroy();
    };
  }, [session, readOnly, labelledBy]);

  return <div className={readOnly ? "editor editor-readonly" : "editor"} ref={host} />;
}
