import type { Post } from "../../api/forums";

export const POST_STATUS_LABELS: Record<Post["status"], string> = {
  published: "Publié",
  pending: "En attente de validation",
  hidden: "Masqué",
  deleted: "Supprimé",
};

export const ACTION_LABELS: Record<string, string> = {
  hide: "Masqué",
  restore: "Rétabli",
  approve: "Validé",
  delete: "Supprimé",
  auto_hide: "Masqué automatiquement",
  post_edit: "Modifié par un modérateur",
  lock: "Verrouillé",
  unlock: "Déverrouillé",
  pin: "Épinglé",
  unpin: "Désépinglé",
  close: "Clos",
  reopen: "Rouvert",
  move: "Déplacé",
  slow_mode: "Mode lent",
  silence: "Mise en silence",
  unsilence: "Fin de mise en silence",
  watch_word: "Mot surveillé",
  unwatch_word: "Mot retiré",
};
