import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { RequireAuth } from "./auth/RequireAuth";
import { Layout } from "./components/Layout";
import { Loading } from "./components/Status";
import { AccountPage } from "./pages/AccountPage";
import { CollectivitePage } from "./pages/CollectivitePage";
import { ComingSoonPage } from "./pages/ComingSoonPage";
import { DirectoryPage } from "./pages/DirectoryPage";
import { HomePage } from "./pages/HomePage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { SpacePage } from "./pages/SpacePage";
import { SpacesPage } from "./pages/SpacesPage";
import { libraryRoutes } from "./pages/library/routes";
import { forumRoutes } from "./pages/forums/routes";
import { actRoutes } from "./pages/acts/routes";
import { searchRoutes } from "./pages/search/routes";
import { tenderRoutes } from "./pages/tenders/routes";
import { CompletionPage } from "./pages/training/CompletionPage";
import { MembersProgressPage } from "./pages/training/MembersProgressPage";
import { TrainingModulePage } from "./pages/training/TrainingModulePage";
import { MODULES } from "./text";

// The editor (CodeMirror, Yjs, markdown) is most of the app's weight: loaded when first needed.
const DraftPage = lazy(() => import("./pages/draft/DraftPage").then((module) => ({ default: module.DraftPage })));

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="connexion" element={<LoginPage />} />
        <Route path="collectivites" element={<DirectoryPage />} />
        <Route path="collectivites/:id" element={<CollectivitePage />} />
        <Route
          path="compte"
          element={
            <RequireAuth>
              <AccountPage />
            </RequireAuth>
          }
        />
        <Route
          path="espaces"
          element={
            <RequireAuth>
              <SpacesPage />
            </RequireAuth>
          }
        />
        <Route
          path="espaces/:id"
          element={
            <RequireAuth>
              <SpacePage />
            </RequireAuth>
          }
        />
        <Route
          path="brouillons/:id"
          element={
            <RequireAuth>
              <Suspense fallback={<Loading label="Chargement de l'éditeur…" />}>
                <DraftPage />
              </Suspense>
            </RequireAuth>
          }
        />
        <Route
          path="base-documentaire/formation/:id"
          element={
            <RequireAuth>
              <TrainingModulePage />
            </RequireAuth>
          }
        />
        <Route
          path="base-documentaire/formation/:id/suivi"
          element={
            <RequireAuth>
              <CompletionPage />
            </RequireAuth>
          }
        />
        <Route
          path="base-documentaire/formation/:id/collectivites/:collectiviteId"
          element={
            <RequireAuth>
              <MembersProgressPage />
            </RequireAuth>
          }
        />
        {tenderRoutes()}
        {libraryRoutes()}
        {forumRoutes()}
        {actRoutes()}
        {searchRoutes()}
        {MODULES.filter((module) => !module.available).map((module) => (
          <Route
            key={module.path}
            path={module.path.slice(1)}
            element={<ComingSoonPage module={module} />}
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
