/** The global search's results page (/recherche), kept here so App.tsx only mounts it. */
import { Route } from "react-router-dom";
import "./search.css";
import { SearchPage } from "./SearchPage";

export function searchRoutes() {
  return [<Route key="recherche" path="recherche" element={<SearchPage />} />];
}
