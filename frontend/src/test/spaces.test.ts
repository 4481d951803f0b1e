import { describe, expect, it } from "vitest";
import type { Approval, Comment } from "../api/spaces";
import { approvalProgress, approvalRows, textSha256 } from "../spaces/approvals";
import { colorFor, colorIndex, PALETTE } from "../spaces/colors";
import { threads } from "../spaces/comments";
import { diffRows, diffSummary } from "../spaces/diff";
import { demoteHeadings, renderPreview, sanitizeHtml } from "../spaces/markdown";
import { draftSocketUrl } from "../spaces/useCollab";

describe("cursor colours", () => {
  it("gives one person the same colour every time, from the palette", () => {
    expect(colorFor(42)).toEqual(colorFor(42));
    expect(colorFor("42")).toEqual(colorFor(42));
    expect(PALETTE).toContain(colorFor(7).color);
    expect(colorFor(7).colorLight).toBe(`${colorFor(7).color}33`);
  });

  it("spreads consecutive account ids over the palette", () => {
    const used = new Set(Array.from({ length: 40 }, (_value, id) => colorIndex(id + 1)));
    expect(used.size).toBeGreaterThanOrEqual(PALETTE.length - 1);
  });
});

describe("diff rows", () => {
  const lines = [
    { op: "equal" as const, text: "# Titre" },
    { op: "delete" as const, text: "ancien" },
    { op: "insert" as const, text: "nouveau" },
    { op: "insert" as const, text: "ajout" },
    { op: "equal" as const, text: "fin" },
  ];

  it("numbers lines in the old and new texts and signs each change", () => {
    expect(diffRows(lines).map((row) => [row.kind, row.oldNumber, row.newNumber, row.sign])).toEqual([
      ["equal", 1, 1, " "],
      ["delete", 2, null, "-"],
      ["insert", null, 2, "+"],
      ["insert", null, 3, "+"],
      ["equal", 3, 4, " "],
    ]);
    expect(diffSummary(lines)).toEqual({ inserted: 2, deleted: 1 });
  });

  it("folds long unchanged runs, keeping context around changes", () => {
    const long = [
      ...Array.from({ length: 10 }, (_value, i) => ({ op: "equal" as const, text: `a${i}` })),
      { op: "insert" as const, text: "new" },
      ...Array.from({ length: 10 }, (_value, i) => ({ op: "equal" as const, text: `b${i}` })),
    ];
    const rows = diffRows(long, 2);
    expect(rows.map((row) => row.kind)).toEqual(["fold", "equal", "equal", "insert", "equal", "equal", "fold"]);
    expect(rows[0]?.text).toBe("8 lignes inchangées");
    expect(rows[1]?.oldNumber).toBe(9);
    expect(rows[3]?.newNumber).toBe(11);
  });

  it("keeps a diff without changes as a single fold", () => {
    expect(diffRows([{ op: "equal", text: "x" }]).map((row) => row.text)).toEqual(["1 ligne inchangée"]);
  });
});

function comment(id: number, parent: number | null, created: string, resolved = false): Comment {
  return {
    id,
    parent,
    author: { id: 1, display_name: "Alice" },
    quote: "",
    body: `c${id}`,
    created_at: `2026-03-01T10:${created}:00Z`,
    resolved_at: resolved ? "2026-03-02T10:00:00Z" : null,
    resolved_by: null,
  };
}

describe("comment threads", () => {
  it("groups replies (and replies to replies) under their root, in order, open threads first", () => {
    const result = threads([
      comment(4, 1, "04"),
      comment(1, null, "01", true),
      comment(2, null, "02"),
      comment(5, 4, "05"),
      comment(3, 1, "03"),
    ]);
    expect(result.map((thread) => [thread.root.id, thread.replies.map((reply) => reply.id), thread.resolved])).toEqual([
      [2, [], false],
      [1, [3, 4, 5], true],
    ]);
  });

  it("turns a reply whose parent is missing into its own thread", () => {
    expect(threads([comment(9, 99, "01")]).map((thread) => thread.root.id)).toEqual([9]);
  });
});

describe("approvals", () => {
  const rennes = { id: 1, name: "Rennes" };
  const brest = { id: 2, name: "Brest" };
  const quimper = { id: 3, name: "Quimper" };
  const approval = (collectivite: typeof rennes, current: boolean): Approval => ({
    collectivite,
    approved_by: { id: 5, display_name: "Bob" },
    approved_at: "2026-03-01T10:00:00Z",
    current,
  });

  it("says, for each editor collectivité, approved, stale or pending", () => {
    const rows = approvalRows([rennes, brest, quimper], [approval(rennes, true), approval(brest, false)]);
    expect(rows.map((row) => [row.collectivite.name, row.state])).toEqual([
      ["Rennes", "approved"],
      ["Brest", "stale"],
      ["Quimper", "pending"],
    ]);
    expect(approvalProgress(rows)).toEqual({ approved: 1, total: 3 });
  });
});

describe("text hash sent with an approval", () => {
  it("is the SHA-256 of the UTF-8 text, as the server computes it (hashlib)", async () => {
    // python -c 'import hashlib; print(hashlib.sha256("# CCTP — été\n".encode()).hexdigest())'
    expect(await textSha256("# CCTP — été\n")).toBe(
      "1361152100d92fced09847c5c31e10178eb000770299d5a6021939f459496405",
    );
    expect(await textSha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("preview", () => {
  it("renders markdown and removes scripts, handlers and javascript: links", () => {
    const html = renderPreview(
      "# Objet\n\n**gras** [lien](javascript:alert(1))\n\n<img src=x onerror=alert(1)><script>alert(1)</script>",
    );
    expect(html).toContain("<h3 data-level=\"1\"");
    expect(html).toContain("<strong>gras</strong>");
    expect(html).not.toMatch(/javascript:|onerror|<script/);
  });

  it("shifts the text's headings below the page's own", () => {
    expect(renderPreview("# Objet\n\n## Lot 1")).toMatch(/<h3 data-level="1"[^>]*>Objet<\/h3>\s*<h4 data-level="2"[^>]*>Lot 1<\/h4>/);
    expect(demoteHeadings("<h5>a</h5><h6>b</h6><header>c</header>")).toBe(
      '<h6 data-level="5">a</h6><h6 data-level="6">b</h6><header>c</header>',
    );
    expect(sanitizeHtml('<h1 id="objet">Objet</h1><p onclick="x()">&lt;h1&gt;</p>')).toBe(
      '<h3 data-level="1" id="objet">Objet</h3><p>&lt;h1&gt;</p>',
    );
  });

  it("renders tables (GFM), as the server's renderer does", () => {
    expect(renderPreview("| a | b |\n|---|---|\n| 1 | 2 |")).toContain("<table>");
  });
});

describe("WebSocket address", () => {
  it("uses the page's host, wss under https", () => {
    expect(draftSocketUrl({ protocol: "https:", host: "partage.example" })).toBe("wss://partage.example/ws/drafts");
    expect(draftSocketUrl({ protocol: "http:", host: "localhost:8000" })).toBe("ws://localhost:8000/ws/drafts");
  });
});
