import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { fieldError } from "../api/errors";
import { useAuth } from "../auth/AuthContext";
import { safeNext } from "../auth/RequireAuth";
import { ErrorSummary, TextField } from "../components/Forms";
import { PageHeading } from "../components/PageHeading";
import { useAction } from "../hooks";

export function LoginPage() {
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("suivant"));
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const succeeded = await run(() => login(username, password));
    if (succeeded) navigate(next, { replace: true });
    else setPassword("");
  }

  if (me) {
    return (
      <>
        <PageHeading title="Connexion" />
        <p>
          Vous êtes connecté·e en tant que <strong>{me.display_name}</strong>.{" "}
          <Link to={next}>Continuer</Link>
        </p>
      </>
    );
  }

  return (
    <div className="narrow">
      <PageHeading title="Connexion" />
      <p>Connectez-vous avec le compte fourni par votre collectivité ou par le réseau.</p>
      <form onSubmit={onSubmit} noValidate className="form" aria-describedby="login-help">
        <ErrorSummary error={error} />
        <TextField
          id="username"
          label="Identifiant"
          hint="Souvent votre adresse électronique professionnelle."
          autoComplete="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          error={fieldError(error, "username")}
        />
        <TextField
          id="password"
          label="Mot de passe"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldError(error, "password")}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Connexion…" : "Se connecter"}
        </button>
      </form>
      <p id="login-help" className="hint">
        Pas encore de compte ? Le référent de votre collectivité peut vous inviter.
      </p>
    </div>
  );
}
