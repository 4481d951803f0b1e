import { type FormEvent, useState } from "react";
import type { Capability, Membership, Role } from "../api/client";
import { api } from "../api/endpoints";
import { fieldError } from "../api/errors";
import { CheckboxGroup, ErrorSummary, SelectField, TextField } from "../components/Forms";
import { useAction } from "../hooks";
import { CAPABILITIES, CAPABILITY_LABELS, capabilitiesLabel, ROLE_LABELS, ROLES } from "../text";

const CAPABILITY_OPTIONS = CAPABILITIES.map((value) => ({ value, label: CAPABILITY_LABELS[value] }));

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

interface RowProps {
  collectiviteId: number;
  member: Membership;
  manage: boolean;
  onChanged(message: string, member: Membership): void;
}

/** One member: read-only, or (for referents and animators) role and capabilities editable. */
function MemberRow({ collectiviteId, member, manage, onChanged }: RowProps) {
  const role = member.role ?? "agent";
  const [draftRole, setDraftRole] = useState<Role>(role);
  const [draftCapabilities, setDraftCapabilities] = useState<Capability[]>([...member.capabilities]);
  const { busy, error, run } = useAction();
  const name = member.user.display_name;
  const dirty = draftRole !== role || !sameSet(draftCapabilities, member.capabilities);
  const rowId = `membre-${member.id}`;

  function save() {
    return run(async () => {
      const updated = await api().updateMember(collectiviteId, member.id, {
        role: draftRole,
        capabilities: draftCapabilities,
      });
      onChanged(`Les droits de ${name} sont enregistrés.`, updated);
    });
  }

  function remove() {
    if (!window.confirm(`Retirer ${name} de la collectivité ?`)) return;
    return run(async () => {
      await api().removeMember(collectiviteId, member.id);
      onChanged(`${name} a été retiré·e de la collectivité.`, member);
    });
  }

  return (
    <tr id={rowId}>
      <th scope="row">
        {name}
        {member.user.email && <span className="meta block">{member.user.email}</span>}
      </th>
      {manage ? (
        <>
          <td>
            <label className="visually-hidden" htmlFor={`${rowId}-role`}>
              Rôle de {name}
            </label>
            <select
              id={`${rowId}-role`}
              value={draftRole}
              onChange={(event) => setDraftRole(event.target.value as Role)}
            >
              {ROLES.map((value) => (
                <option key={value} value={value}>
                  {ROLE_LABELS[value]}
                </option>
              ))}
            </select>
          </td>
          <td>
            <CheckboxGroup
              id={`${rowId}-capacites`}
              legend={`Capacités de ${name}`}
              options={CAPABILITY_OPTIONS}
              value={draftCapabilities}
              onChange={setDraftCapabilities}
              compact
            />
          </td>
          <td>
            <div className="row-actions">
              <button type="button" className="button button-small" disabled={!dirty || busy} onClick={save}>
                Enregistrer<span className="visually-hidden"> les droits de {name}</span>
              </button>
              <button type="button" className="button button-small button-danger" disabled={busy} onClick={remove}>
                Retirer<span className="visually-hidden"> {name}</span>
              </button>
              {error && (
                <p className="field-error" role="alert">
                  {error.message} {Object.values(error.fields).flat().join(" ")}
                </p>
              )}
            </div>
          </td>
        </>
      ) : (
        <>
          <td>{ROLE_LABELS[role]}</td>
          <td>{capabilitiesLabel(member.capabilities)}</td>
        </>
      )}
    </tr>
  );
}

export function MemberTable({
  collectiviteId,
  members,
  manage,
  onChanged,
}: {
  collectiviteId: number;
  members: Membership[];
  manage: boolean;
  onChanged(message: string, member: Membership): void;
}) {
  if (members.length === 0) return <p>Aucun membre pour l'instant.</p>;
  return (
    <div className="table-wrapper">
      <table>
        <caption className="visually-hidden">Membres de la collectivité</caption>
        <thead>
          <tr>
            <th scope="col">Membre</th>
            <th scope="col">Rôle</th>
            <th scope="col">Capacités</th>
            {manage && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <MemberRow
              // Re-mount after a save so the row's drafts restart from the server's values.
              key={`${member.id}:${member.role}:${member.capabilities.join(",")}`}
              collectiviteId={collectiviteId}
              member={member}
              manage={manage}
              onChanged={onChanged}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EMPTY_INVITE = {
  email: "",
  first_name: "",
  last_name: "",
  role: "agent" as Role,
  capabilities: [] as Capability[],
};

export function InviteForm({
  collectiviteId,
  onInvited,
}: {
  collectiviteId: number;
  onInvited(message: string, member?: Membership): void;
}) {
  const [form, setForm] = useState(EMPTY_INVITE);
  const { busy, error, run } = useAction();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const added = await api().invite(collectiviteId, {
        email: form.email.trim(),
        role: form.role,
        capabilities: form.capabilities,
        first_name: form.first_name.trim(),
        last_name: form.last_name.trim(),
      });
      setForm(EMPTY_INVITE);
      if ("user" in added) {
        onInvited(`${added.user.display_name} fait maintenant partie de la collectivité.`, added);
      } else {
        // Already acting for another collectivité: the person accepts from their account.
        onInvited(
          `Invitation envoyée à ${added.email} : la personne l'acceptera depuis son compte.`,
        );
      }
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="inviter">
      <h2 id="inviter">Inviter une personne</h2>
      <p className="hint">
        Si la personne n'a pas encore de compte, elle reçoit un courriel pour choisir son mot de
        passe.
      </p>
      <ErrorSummary error={error} />
      <TextField
        id="invite-email"
        label="Adresse électronique"
        type="email"
        autoComplete="off"
        required
        value={form.email}
        onChange={(event) => setForm({ ...form, email: event.target.value })}
        error={fieldError(error, "email")}
      />
      <div className="field-row">
        <TextField
          id="invite-first-name"
          label="Prénom (facultatif)"
          value={form.first_name}
          onChange={(event) => setForm({ ...form, first_name: event.target.value })}
          error={fieldError(error, "first_name")}
        />
        <TextField
          id="invite-last-name"
          label="Nom (facultatif)"
          value={form.last_name}
          onChange={(event) => setForm({ ...form, last_name: event.target.value })}
          error={fieldError(error, "last_name")}
        />
      </div>
      <SelectField
        id="invite-role"
        label="Rôle"
        hint="Les référents gèrent les membres de la collectivité."
        value={form.role}
        onChange={(event) => setForm({ ...form, role: event.target.value as Role })}
        error={fieldError(error, "role")}
      >
        {ROLES.map((value) => (
          <option key={value} value={value}>
            {ROLE_LABELS[value]}
          </option>
        ))}
      </SelectField>
      <CheckboxGroup
        id="invite-capacites"
        legend="Capacités"
        options={CAPABILITY_OPTIONS}
        value={form.capabilities}
        onChange={(capabilities) => setForm({ ...form, capabilities })}
        error={fieldError(error, "capabilities")}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Envoi…" : "Inviter"}
      </button>
    </form>
  );
}
