import type { LibraryTheme } from "../api/library";

/** Themes in the order the library home shows them. */
export const THEME_ORDER: LibraryTheme[] = [
  "commande_publique",
  "actes",
  "finances",
  "ressources_humaines",
  "numerique",
  "etat_civil",
  "urbanisme",
  "autre",
];

export const THEME_LABELS: Record<LibraryTheme, string> = {
  commande_publique: "Commande publique",
  actes: "Actes et légalité",
  finances: "Finances et comptabilité",
  ressources_humaines: "Ressources humaines",
  numerique: "Numérique",
  etat_civil: "État civil",
  urbanisme: "Urbanisme",
  autre: "Autre",
};

/** Where a library page is read: a training module in its own view (lessons, quiz, progress). */
export function libraryPagePath(page: { id: number; kind: string }): string {
  return page.kind === "training_module"
    ? `/base-documentaire/formation/${page.id}`
    : `/base-documentaire/${page.id}`;
}
