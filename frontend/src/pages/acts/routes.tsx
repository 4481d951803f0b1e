/** The acts' routes (/actes…): the list, the submission form, an act, accounting files. */
import type { ReactElement } from "react";
import { Route } from "react-router-dom";
import { RequireAuth } from "../../auth/RequireAuth";
import { AccountingPage } from "./AccountingPage";
import { ActFormPage } from "./ActFormPage";
import { ActPage } from "./ActPage";
import { ActsPage } from "./ActsPage";

const guarded = (element: ReactElement) => <RequireAuth>{element}</RequireAuth>;

export function actRoutes() {
  return [
    <Route key="actes" path="actes" element={guarded(<ActsPage />)} />,
    <Route key="actes-nouveau" path="actes/nouveau" element={guarded(<ActFormPage />)} />,
    <Route key="actes-flux" path="actes/flux-comptables" element={guarded(<AccountingPage />)} />,
    <Route key="acte" path="actes/:id" element={guarded(<ActPage />)} />,
  ];
}
