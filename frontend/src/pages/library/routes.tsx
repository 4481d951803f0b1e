/** The library's routes (/base-documentaire…), kept here so App.tsx only mounts them. */
import { Route } from "react-router-dom";
import "../../library/library.css";
import { LibraryHomePage } from "./LibraryHomePage";
import { LibraryPageView, LibraryPreviewPage } from "./LibraryPageView";

export function libraryRoutes() {
  return [
    <Route key="base-documentaire" path="base-documentaire" element={<LibraryHomePage />} />,
    <Route key="base-documentaire-apercu" path="base-documentaire/apercu" element={<LibraryPreviewPage />} />,
    <Route key="base-documentaire-page" path="base-documentaire/:id" element={<LibraryPageView />} />,
  ];
}
