import { useEffect, useRef, useState } from "react";
import { type ApiError, asApiError } from "./api/errors";

export type Loadable<T> =
  | { status: "loading"; data?: T }
  | { status: "ready"; data: T }
  | { status: "error"; error: ApiError; data?: T };

/**
 * Run `load` whenever `key` changes; answers of superseded loads are dropped, so a slow
 * response for "ren" never overwrites the one for "rennes". The previous data stays
 * available while loading, so lists do not flash empty between keystrokes.
 */
export function useLoad<T>(key: string, load: () => Promise<T>): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) =>
      previous.data === undefined ? { status: "loading" } : { status: "loading", data: previous.data },
    );
    load().then(
      (data) => current && setState({ status: "ready", data }),
      (error: unknown) =>
        current &&
        setState({ status: "error", error: asApiError(error) }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `key` says when its inputs changed.
  }, [key, generation]);
  return [state, () => setGeneration((value) => value + 1)];
}

export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export interface Action {
  busy: boolean;
  error: ApiError | null;
  /** Run `action`; returns whether it succeeded. Its failure becomes `error`. */
  run(action: () => Promise<unknown>): Promise<boolean>;
}

/**
 * One user action at a time (a form submission, a button): `busy` while it runs, the API's
 * error when it fails. Nothing is set once the component is gone (a removed table row).
 */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      if (mounted.current) setError(asApiError(caught));
      return false;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }

  return { busy, error, run };
}

/**
 * Move the focus to the page's <h1> when ``page`` changes (not on first render). Paging and
 * tabs keep the path, so the layout's focus move on navigation does not happen: a screen reader
 * user would otherwise stay on the "next page" link of a list that changed under them.
 */
export function useFocusHeadingOnPageChange(page: unknown) {
  const previous = useRef(page);
  useEffect(() => {
    if (previous.current === page) return;
    previous.current = page;
    document.querySelector<HTMLElement>("main h1")?.focus();
  }, [page]);
}
