import { useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import type { ApiError } from "../api/errors";
import { useAuth } from "../auth/AuthContext";
import { SearchBox } from "../pages/search/SearchBox";
import { APP_NAME, MODULES } from "../text";
import { NotificationMenu } from "./NotificationMenu";

/** After a client-side route change, move focus to the new page's <h1> (not on first load). */
function useFocusHeadingOnNavigation() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const heading = document.querySelector<HTMLElement>("main h1");
    (heading ?? document.querySelector<HTMLElement>("main"))?.focus();
  }, [pathname]);
}

function UserMenu() {
  const { state, me, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);

  async function onLogout() {
    setError(null);
    try {
      await logout();
      navigate("/", { state: { flash: "Vous êtes déconnecté·e." } });
      // The button just clicked is gone; when already on "/" no route change refocuses.
      window.requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
    } catch (caught) {
      setError((caught as ApiError).message);
    }
  }

  if (state.status === "loading") return null;
  if (!me) {
    if (location.pathname === "/connexion") return null; // the page is the login form
    const next = `?suivant=${encodeURIComponent(location.pathname + location.search)}`;
    return (
      <div className="user-menu">
        <Link className="button button-secondary" to={`/connexion${next}`}>
          Se connecter
        </Link>
      </div>
    );
  }
  return (
    <div className="user-menu">
      <span className="user-name">
        <span className="visually-hidden">Connecté·e : </span>
        {me.display_name}
      </span>
      <NotificationMenu />
      <Link to="/compte">Mon compte</Link>
      <button type="button" className="button button-secondary" onClick={onLogout}>
        Se déconnecter
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function SessionProblem() {
  const { state, refresh } = useAuth();
  if (state.status !== "error") return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>
        Impossible de vérifier votre session : {state.message}{" "}
        <button type="button" className="button button-small button-secondary" onClick={() => void refresh()}>
          Réessayer
        </button>
      </p>
    </div>
  );
}

/**
 * The modules' links. On a phone (narrow screens, see styles.css) they are collapsed behind a
 * disclosure button, so the first screen shows the page rather than nine links; on wider
 * screens the button is not displayed and the links always are. The menu closes when a link
 * is followed (the new page's heading then takes the focus) and on Escape (the focus goes
 * back to the button).
 */
function MainNav() {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  useEffect(() => setOpen(false), [pathname]); // also on back/forward

  return (
    <nav
      className="main-nav"
      aria-label="Navigation principale"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <div className="container nav-toggle-bar">
        <button
          ref={toggle}
          type="button"
          className="nav-toggle"
          aria-expanded={open}
          aria-controls="menu-principal"
          onClick={() => setOpen((current) => !current)}
        >
          <span className="nav-toggle-icon" aria-hidden="true" />
          Menu
        </button>
      </div>
      <ul id="menu-principal" className={open ? "container nav-open" : "container"}>
        {MODULES.map((module) => (
          <li key={module.path}>
            <NavLink to={module.path} end={module.path === "/"} onClick={() => setOpen(false)}>
              {module.label}
              {!module.available && <span className="badge">bientôt</span>}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout() {
  useFocusHeadingOnNavigation();
  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu principal
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <span className="brand-name">{APP_NAME}</span>
            <span className="brand-tagline">Réseau régional d'administration électronique</span>
          </Link>
          <SearchBox />
          <UserMenu />
        </div>
        <MainNav />
      </header>
      <main id="contenu" className="container" tabIndex={-1}>
        <SessionProblem />
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{APP_NAME} — plate-forme collaborative des collectivités du réseau.</p>
          <ul>
            <li>
              <a href="/api/v1/docs/">Documentation de l'API</a>
            </li>
            <li>
              <a href="/admin/">Administration</a>
            </li>
          </ul>
        </div>
      </footer>
    </>
  );
}
