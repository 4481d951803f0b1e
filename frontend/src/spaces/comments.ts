/**
 * Comments arrive as a flat list (each with its `parent`); the panel shows threads: a root
 * comment, its replies in order, open threads before resolved ones. A reply whose parent is
 * missing (deleted, or on another page) becomes a thread of its own rather than vanishing.
 */
import type { Comment } from "../api/spaces";

export interface Thread {
  root: Comment;
  replies: Comment[];
  resolved: boolean;
}

function byDate(a: Comment, b: Comment): number {
  return a.created_at.localeCompare(b.created_at) || a.id - b.id;
}

export function threads(comments: readonly Comment[]): Thread[] {
  const ids = new Set(comments.map((comment) => comment.id));
  const rootOf = new Map<number, number>();
  const parentOf = new Map(comments.map((comment) => [comment.id, comment.parent]));
  function findRoot(id: number): number {
    const known = rootOf.get(id);
    if (known !== undefined) return known;
    let current = id;
    const seen = new Set<number>();
    for (;;) {
      const parent = parentOf.get(current);
      if (parent == null || !ids.has(parent) || seen.has(parent)) break;
      seen.add(current);
      current = parent;
    }
    rootOf.set(id, current);
    return current;
  }
  const byRoot = new Map<number, Thread>();
  const sorted = [...comments].sort(byDate);
  for (const comment of sorted) {
    const root = findRoot(comment.id);
    if (root === comment.id) {
      byRoot.set(root, { root: comment, replies: [], resolved: comment.resolved_at !== null });
    }
  }
  for (const comment of sorted) {
    const root = findRoot(comment.id);
    if (root !== comment.id) byRoot.get(root)?.replies.push(comment);
  }
  return [...byRoot.values()].sort(
    (a, b) => Number(a.resolved) - Number(b.resolved) || byDate(a.root, b.root),
  );
}
