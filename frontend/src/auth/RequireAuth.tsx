import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { Loading } from "../components/Status";
import { useAuth } from "./AuthContext";

/** Pages for signed-in users: anonymous visitors go to the login page, then come back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === "loading") return <Loading />;
  if (state.status !== "authenticated") {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/connexion?suivant=${next}`} replace />;
  }
  return <>{children}</>;
}

/** Only same-site paths are followed after login (no open redirect through ?suivant=). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return "/";
  }
  return next;
}
