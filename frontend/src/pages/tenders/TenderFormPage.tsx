import { type FormEvent, useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { fieldError } from "../../api/errors";
import { type TenderDetail, tendersApi, type TenderWrite } from "../../api/tenders";
import { useAuth } from "../../auth/AuthContext";
import { ErrorSummary, SelectField, TextField } from "../../components/Forms";
import { PageHeading } from "../../components/PageHeading";
import { Loading, LoadError } from "../../components/Status";
import { useAction, useLoad } from "../../hooks";
import { NATURES, type Nature, type Procedure, PROCEDURES } from "../../tenders/filters";
import { fromParisInput, toParisInput } from "../../tenders/format";
import { NATURE_LABELS, PROCEDURE_LABELS } from "../../tenders/labels";
import { useFocusHeadingWhenReady } from "../../tenders/components";
import { NotFoundPage } from "../NotFoundPage";

interface LotRow {
  number: string;
  title: string;
  cpv: string;
  value: string;
}

interface FormState {
  buyer: string;
  reference: string;
  title: string;
  object: string;
  procedure: Procedure;
  nature: Nature;
  cpv: string;
  value: string;
  place: string;
  questionDeadline: string;
  responseDeadline: string;
  candidatureDeadline: string;
  urgencyReason: string;
  lots: LotRow[];
}

function initial(tender: TenderDetail | null, buyer: string): FormState {
  return {
    buyer,
    reference: tender?.reference ?? "",
    title: tender?.title ?? "",
    object: tender?.object ?? "",
    procedure: (tender?.procedure as Procedure) ?? "mapa",
    nature: (tender?.nature as Nature) ?? "services",
    cpv: tender?.cpv_codes.join(", ") ?? "",
    value: tender?.estimated_value ?? "",
    place: tender?.place_of_performance ?? "",
    questionDeadline: toParisInput(tender?.question_deadline),
    responseDeadline: toParisInput(tender?.response_deadline),
    candidatureDeadline: toParisInput(tender?.candidature_deadline),
    urgencyReason: tender?.urgency_reason ?? "",
    lots: (tender?.lots ?? []).map((lot) => ({
      number: String(lot.number),
      title: lot.title,
      cpv: lot.cpv_code ?? "",
      value: lot.estimated_value ?? "",
    })),
  };
}

const money = (value: string) => value.replace(/\s/g, "").replace(",", ".");

function Form({ tender }: { tender: TenderDetail | null }) {
  const { me } = useAuth();
  const navigate = useNavigate();
  const buyers = (me?.memberships ?? []).filter((m) => m.capabilities.includes("buyer"));
  const [form, setForm] = useState<FormState>(() => initial(tender, buyers[0] ? String(buyers[0].collectivite.id) : ""));
  const action = useAction();
  const set = (change: Partial<FormState>) => setForm((current) => ({ ...current, ...change }));
  const setLot = (index: number, change: Partial<LotRow>) =>
    set({ lots: form.lots.map((lot, i) => (i === index ? { ...lot, ...change } : lot)) });
  const published = tender !== null && tender.status !== "draft";
  const err = (name: string) => fieldError(action.error, name);

  useEffect(() => {
    if (!form.buyer && buyers[0]) set({ buyer: String(buyers[0].collectivite.id) });
  }, [buyers.length]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const deadlines = {
      question_deadline: form.questionDeadline ? fromParisInput(form.questionDeadline) : null,
      response_deadline: form.responseDeadline ? fromParisInput(form.responseDeadline) : null,
      candidature_deadline: form.candidatureDeadline ? fromParisInput(form.candidatureDeadline) : null,
    };
    const body = published
      ? { object: form.object, place_of_performance: form.place, ...deadlines }
      : {
          reference: form.reference.trim(),
          title: form.title.trim(),
          object: form.object,
          procedure: form.procedure,
          nature: form.nature,
          cpv_codes: form.cpv.split(/[\s,;]+/).filter(Boolean),
          estimated_value: money(form.value),
          place_of_performance: form.place,
          ...deadlines,
          urgency_reason: form.urgencyReason,
          lots: form.lots.map((lot) => ({
            number: Number(lot.number),
            title: lot.title,
            cpv_code: lot.cpv.trim(),
            estimated_value: lot.value.trim() ? money(lot.value) : null,
          })),
        };
    let saved: TenderDetail | null = null;
    const ok = await action.run(async () => {
      saved = tender
        ? await tendersApi().update(tender.id, body)
        : await tendersApi().create({ ...(body as TenderWrite), buyer: Number(form.buyer) });
    });
    if (ok && saved) navigate(`/marches/${(saved as TenderDetail).id}`);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={action.error} />
      {published && (
        <p className="notice notice-info">
          Consultation publiée : seuls l'objet, le lieu d'exécution et les dates se modifient
          encore ; un report de date limite est notifié aux entreprises.
        </p>
      )}
      {!tender && (
        <SelectField id="acheteur" label="Collectivité acheteuse" value={form.buyer} error={err("buyer")} onChange={(e) => set({ buyer: e.target.value })} required>
          {buyers.map((membership) => (
            <option key={membership.collectivite.id} value={membership.collectivite.id}>
              {membership.collectivite.name}
            </option>
          ))}
        </SelectField>
      )}
      {!published && (
        <>
          <TextField id="reference" label="Référence" hint="Unique pour l'acheteur, par exemple 2026-014." required maxLength={50} value={form.reference} error={err("reference")} onChange={(e) => set({ reference: e.target.value })} />
          <TextField id="intitule" label="Intitulé" required maxLength={300} value={form.title} error={err("title")} onChange={(e) => set({ title: e.target.value })} />
        </>
      )}
      <div className={err("object") ? "field field-invalid" : "field"}>
        <label htmlFor="objet">Objet</label>
        {err("object") && <p className="field-error" id="objet-error">{err("object")}</p>}
        <textarea id="objet" rows={5} value={form.object} aria-describedby={err("object") ? "objet-error" : undefined} onChange={(e) => set({ object: e.target.value })} />
      </div>
      {!published && (
        <>
          <div className="field-row">
            <SelectField id="procedure" label="Procédure" value={form.procedure} error={err("procedure")} onChange={(e) => set({ procedure: e.target.value as Procedure })}>
              {PROCEDURES.map((procedure) => (
                <option key={procedure} value={procedure}>
                  {PROCEDURE_LABELS[procedure]}
                </option>
              ))}
            </SelectField>
            <SelectField id="nature" label="Nature" value={form.nature} error={err("nature")} onChange={(e) => set({ nature: e.target.value as Nature })}>
              {NATURES.map((nature) => (
                <option key={nature} value={nature}>
                  {NATURE_LABELS[nature]}
                </option>
              ))}
            </SelectField>
          </div>
          <TextField id="cpv" label="Codes CPV" hint="Séparés par des virgules, par exemple 45261000-4, 45262000." value={form.cpv} error={err("cpv_codes")} onChange={(e) => set({ cpv: e.target.value })} />
          <TextField id="valeur" label="Valeur estimée (€ HT)" inputMode="decimal" required value={form.value} error={err("estimated_value")} onChange={(e) => set({ value: e.target.value })} />
        </>
      )}
      <TextField id="lieu" label="Lieu d'exécution" maxLength={200} value={form.place} error={err("place_of_performance")} onChange={(e) => set({ place: e.target.value })} />
      <div className="field-row">
        <TextField id="limite-questions" label="Date limite des questions" hint="Heure de Paris." type="datetime-local" value={form.questionDeadline} error={err("question_deadline")} onChange={(e) => set({ questionDeadline: e.target.value })} />
        <TextField id="limite-offres" label="Date limite de remise des offres" hint="Heure de Paris." type="datetime-local" value={form.responseDeadline} error={err("response_deadline")} onChange={(e) => set({ responseDeadline: e.target.value })} />
        <TextField id="limite-candidatures" label="Date limite de réception des candidatures" hint="Procédures en deux phases (appel d'offres restreint, procédure avec négociation, dialogue compétitif) ; la date des offres est alors fixée avec les invitations. Heure de Paris." type="datetime-local" value={form.candidatureDeadline} error={err("candidature_deadline")} onChange={(e) => set({ candidatureDeadline: e.target.value })} />
        {!published && <TextField id="urgence" label="Motif de l'urgence (facultatif)" hint="Une urgence dûment justifiée réduit les délais minimaux (R.2161-3, R.2161-6, R.2161-8)." value={form.urgencyReason} error={err("urgency_reason")} onChange={(e) => set({ urgencyReason: e.target.value })} />}
      </div>
      {!published && (
        <fieldset className="lots">
          <legend>Lots</legend>
          {err("lots") && <p className="field-error">{err("lots")}</p>}
          {form.lots.length === 0 && <p className="hint">Consultation non allotie.</p>}
          {form.lots.map((lot, index) => (
            <div className="field-row" key={index}>
              <TextField id={`lot-${index}-numero`} label={`Numéro du lot ${index + 1}`} inputMode="numeric" size={4} value={lot.number} onChange={(e) => setLot(index, { number: e.target.value })} />
              <TextField id={`lot-${index}-intitule`} label={`Intitulé du lot ${index + 1}`} value={lot.title} onChange={(e) => setLot(index, { title: e.target.value })} />
              <TextField id={`lot-${index}-cpv`} label={`CPV du lot ${index + 1}`} size={12} value={lot.cpv} onChange={(e) => setLot(index, { cpv: e.target.value })} />
              <TextField id={`lot-${index}-valeur`} label={`Valeur du lot ${index + 1} (€ HT)`} inputMode="decimal" size={10} value={lot.value} onChange={(e) => setLot(index, { value: e.target.value })} />
              <button type="button" className="button button-small button-secondary" onClick={() => set({ lots: form.lots.filter((_, i) => i !== index) })}>
                Retirer le lot {index + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => set({ lots: [...form.lots, { number: String(form.lots.length + 1), title: "", cpv: "", value: "" }] })}
          >
            Ajouter un lot
          </button>
        </fieldset>
      )}
      <div className="filter-actions">
        <button type="submit" className="button" disabled={action.busy}>
          {tender ? "Enregistrer" : "Créer le brouillon"}
        </button>
        <Link to={tender ? `/marches/${tender.id}` : "/marches"}>Annuler</Link>
      </div>
    </form>
  );
}

export function TenderCreatePage() {
  const { me } = useAuth();
  const isBuyer = me?.memberships.some((m) => m.capabilities.includes("buyer")) ?? false;
  return (
    <>
      <PageHeading title="Nouvelle consultation" />
      {isBuyer ? (
        <>
          <p className="lead">
            La consultation est créée en brouillon : ajoutez ensuite les pièces du DCE, puis
            publiez-la.
          </p>
          <Form tender={null} />
        </>
      ) : (
        <p className="notice notice-error">Seuls les acheteurs d'une collectivité créent des consultations.</p>
      )}
    </>
  );
}

export function TenderEditPage() {
  const id = Number(useParams().id);
  const [state] = useLoad(`tender-edit-${id}`, () => tendersApi().get(id));
  useFocusHeadingWhenReady(state.data !== undefined);
  if (state.status === "error" && state.error.is("not_found")) return <NotFoundPage />;
  if (state.status === "error") return <LoadError error={state.error} />;
  if (!state.data) return <Loading />;
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to="/marches">Salle des marchés</Link> ›{" "}
        <Link to={`/marches/${state.data.id}`}>{state.data.reference}</Link>
      </nav>
      <PageHeading title={`Modifier la consultation ${state.data.reference}`} />
      {state.data.can_manage ? (
        <Form tender={state.data} />
      ) : (
        <p className="notice notice-error">Vous ne gérez pas cette consultation.</p>
      )}
    </>
  );
}
