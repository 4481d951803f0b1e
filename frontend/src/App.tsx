import { Route, Routes } from "react-router-dom";
import { RequireAuth } from "./auth/RequireAuth";
import { Layout } from "./components/Layout";
import { AccountPage } from "./pages/AccountPage";
import { CollectivitePage } from "./pages/CollectivitePage";
import { ComingSoonPage } from "./pages/ComingSoonPage";
import { DirectoryPage } from "./pages/DirectoryPage";
import { HomePage } from "./pages/HomePage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { tenderRoutes } from "./pages/tenders/routes";
import { MODULES } from "./text";

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
        {tenderRoutes()}
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
