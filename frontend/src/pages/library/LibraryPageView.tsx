import { useParams, useSearchParams } from "react-router-dom";
import { libraryApi } from "../../api/library";
import { useAuth } from "../../auth/AuthContext";
import { LoadError, Loading } from "../../components/Status";
import { useLoad } from "../../hooks";
import { NotFoundPage } from "../NotFoundPage";
import { LibraryReading } from "./LibraryReading";

/** /base-documentaire/:id — a page the visitor may read; any other is "not found". */
export function LibraryPageView() {
  const params = useParams();
  const id = Number(params.id);
  const { me } = useAuth();
  const valid = Number.isInteger(id) && id > 0;
  const [state] = useLoad(`library-page-${id}-${me?.id ?? "anon"}`, () =>
    valid ? libraryApi().get(id) : Promise.reject(new Error("not found")),
  );
  if (!valid) return <NotFoundPage />;
  if (state.status === "error" && state.error.is("not_found")) return <NotFoundPage />;
  if (!state.data) return state.status === "error" ? <LoadError error={state.error} /> : <Loading />;
  return <LibraryReading page={state.data} />;
}

/** /base-documentaire/apercu/?token=… — the draft the Wagtail admin is previewing. */
export function LibraryPreviewPage() {
  const [search] = useSearchParams();
  const token = search.get("token") ?? "";
  const [state] = useLoad(`library-preview-${token}`, () =>
    token ? libraryApi().preview(token) : Promise.reject(new Error("no token")),
  );
  if (!token) return <NotFoundPage />;
  // A stale token, or a visitor who is not an editor (signed out: 401): nothing to show.
  if (state.status === "error" && state.error.is("not_found", "not_authenticated")) {
    return <NotFoundPage />;
  }
  if (!state.data) return state.status === "error" ? <LoadError error={state.error} /> : <Loading />;
  return <LibraryReading page={state.data} />;
}
