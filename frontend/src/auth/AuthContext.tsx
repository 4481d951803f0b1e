import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { Me } from "../api/client";
import { api } from "../api/endpoints";

export type AuthState =
  | { status: "loading" }
  | { status: "anonymous" }
  | { status: "authenticated"; me: Me }
  | { status: "error"; message: string };

interface AuthContextValue {
  state: AuthState;
  me: Me | null;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function stateFor(me: Me | null): AuthState {
  return me ? { status: "authenticated", me } : { status: "anonymous" };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading" });

  const refresh = useCallback(async () => {
    try {
      setState(stateFor(await api().me()));
    } catch (error) {
      setState({ status: "error", message: (error as Error).message });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const login = useCallback(async (username: string, password: string) => {
    const me = await api().login(username, password);
    setState(stateFor(me));
    return me;
  }, []);

  const logout = useCallback(async () => {
    await api().logout();
    setState({ status: "anonymous" });
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      me: state.status === "authenticated" ? state.me : null,
      login,
      logout,
      refresh,
    }),
    [state, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth() outside <AuthProvider>");
  return value;
}

/** Network animators (and superusers) manage every collectivité. */
export function isAnimator(me: Me | null): boolean {
  return !!me && (me.is_superuser === true || me.platform_roles.includes("network_animator"));
}
