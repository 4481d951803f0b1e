/**
 * The tender room's routes (/marches…) and the network statistics (/statistiques), kept here so
 * App.tsx only mounts them. The statistics page carries the chart library: loaded on demand.
 */
import { lazy, Suspense } from "react";
import { Route } from "react-router-dom";
import { RequireAuth } from "../../auth/RequireAuth";
import { Loading } from "../../components/Status";
import "../../tenders/tenders.css";
import { MyTendersPage } from "./MyTendersPage";
import { TenderCreatePage, TenderEditPage } from "./TenderFormPage";
import { TenderListPage } from "./TenderListPage";
import { TenderPage } from "./TenderPage";

const StatsPage = lazy(() => import("../StatsPage").then((module) => ({ default: module.StatsPage })));

export function tenderRoutes() {
  return [
    <Route key="marches" path="marches" element={<TenderListPage />} />,
    <Route
      key="marches-nouvelle"
      path="marches/nouvelle"
      element={
        <RequireAuth>
          <TenderCreatePage />
        </RequireAuth>
      }
    />,
    <Route
      key="marches-mon-espace"
      path="marches/mon-espace"
      element={
        <RequireAuth>
          <MyTendersPage />
        </RequireAuth>
      }
    />,
    <Route key="marche" path="marches/:id" element={<TenderPage />} />,
    <Route
      key="marche-modifier"
      path="marches/:id/modifier"
      element={
        <RequireAuth>
          <TenderEditPage />
        </RequireAuth>
      }
    />,
    <Route
      key="statistiques"
      path="statistiques"
      element={
        <Suspense fallback={<Loading />}>
          <StatsPage />
        </Suspense>
      }
    />,
  ];
}
