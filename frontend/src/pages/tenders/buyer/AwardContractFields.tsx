import { CheckboxGroup, SelectField, TextField, YesNoField } from "../../../components/Forms";
import {
  CCAGS,
  type ContractState,
  ENVIRONMENTAL,
  EXECUTION_TERMS,
  exclusiveChoice,
  GROUPINGS,
  NO_GROUPING,
  NONE,
  PRICE_FORMS,
  PRICE_TYPES,
  SOCIAL,
  TECHNIQUES,
} from "../../../tenders/contract";

const options = <T extends string>(values: T[]) => values.map((value) => ({ value, label: value }));

/**
 * The contract data of one award (DECP): every answer is the buyer's, none is preselected. The
 * API's messages come through `error(field)` and are shown beside their field.
 */
export function AwardContractFields({
  id,
  value,
  titulaires,
  onChange,
  error,
}: {
  id: string;
  value: ContractState;
  titulaires: number;
  onChange(change: Partial<ContractState>): void;
  error(field: string): string | undefined;
}) {
  return (
    <fieldset className="contract">
      <legend>Données essentielles du marché</legend>
      <p className="hint">Publiées en données ouvertes (DECP) telles que vous les indiquez.</p>
      <div className="field-row">
        <TextField
          id={`${id}-duree`}
          label="Durée du marché (mois)"
          hint="Durée initiale, reconductions comprises."
          type="number"
          min={1}
          max={1200}
          step={1}
          required
          value={value.duration}
          error={error("duration_months")}
          onChange={(event) => onChange({ duration: event.target.value })}
        />
        <SelectField
          id={`${id}-forme-prix`}
          label="Forme du prix"
          required
          value={value.priceForm}
          error={error("price_form")}
          onChange={(event) => onChange({ priceForm: event.target.value as ContractState["priceForm"] })}
        >
          <option value="">Choisir…</option>
          {PRICE_FORMS.map((form) => (
            <option key={form}>{form}</option>
          ))}
        </SelectField>
      </div>
      <SelectField
        id={`${id}-ccag`}
        label="CCAG de référence"
        required
        value={value.ccag}
        error={error("ccag")}
        onChange={(event) => onChange({ ccag: event.target.value as ContractState["ccag"] })}
      >
        <option value="">Choisir…</option>
        {CCAGS.map((ccag) => (
          <option key={ccag}>{ccag}</option>
        ))}
      </SelectField>
      <CheckboxGroup
        id={`${id}-types-prix`}
        legend="Types de prix (au moins un)"
        options={options(PRICE_TYPES)}
        value={value.priceTypes}
        error={error("price_types")}
        onChange={(priceTypes) => onChange({ priceTypes })}
      />
      <CheckboxGroup
        id={`${id}-techniques`}
        legend="Techniques d'achat (« Sans objet » si aucune)"
        options={options(TECHNIQUES)}
        value={value.techniques}
        error={error("techniques")}
        onChange={(next) => onChange({ techniques: exclusiveChoice(value.techniques, next, NONE.techniques) })}
      />
      <CheckboxGroup
        id={`${id}-modalites`}
        legend="Modalités d'exécution (« Sans objet » si aucune)"
        options={options(EXECUTION_TERMS)}
        value={value.executionTerms}
        error={error("execution_terms")}
        onChange={(next) =>
          onChange({ executionTerms: exclusiveChoice(value.executionTerms, next, NONE.executionTerms) })
        }
      />
      <YesNoField
        id={`${id}-innovant`}
        legend="Marché innovant"
        value={value.innovative}
        error={error("innovative")}
        onChange={(innovative) => onChange({ innovative })}
      />
      <YesNoField
        id={`${id}-sous-traitance`}
        legend="Sous-traitance déclarée à la notification"
        value={value.subcontracting}
        error={error("subcontracting_declared")}
        onChange={(subcontracting) => onChange({ subcontracting })}
      />
      <YesNoField
        id={`${id}-avance`}
        legend="Avance attribuée au titulaire"
        value={value.advance}
        error={error("advance_granted")}
        onChange={(advance) => onChange({ advance })}
      />
      {value.advance && (
        <TextField
          id={`${id}-taux-avance`}
          label="Taux de l'avance (%)"
          hint="Du montant du marché, par exemple 5 ou 12,5."
          inputMode="decimal"
          required
          value={value.advancePercent}
          error={error("advance_rate")}
          onChange={(event) => onChange({ advancePercent: event.target.value })}
        />
      )}
      <CheckboxGroup
        id={`${id}-social`}
        legend="Considérations sociales"
        options={options(SOCIAL)}
        value={value.social}
        error={error("social_considerations")}
        onChange={(next) => onChange({ social: exclusiveChoice(value.social, next, NONE.social) })}
      />
      <CheckboxGroup
        id={`${id}-environnement`}
        legend="Considérations environnementales"
        options={options(ENVIRONMENTAL)}
        value={value.environmental}
        error={error("environmental_considerations")}
        onChange={(next) =>
          onChange({ environmental: exclusiveChoice(value.environmental, next, NONE.environmental) })
        }
      />
      {titulaires > 1 ? (
        <SelectField
          id={`${id}-groupement`}
          label="Type de groupement des titulaires"
          hint="Plusieurs titulaires forment un groupement."
          required
          value={value.grouping}
          error={error("grouping_type")}
          onChange={(event) => onChange({ grouping: event.target.value as ContractState["grouping"] })}
        >
          <option value="">Choisir…</option>
          {GROUPINGS.map((grouping) => (
            <option key={grouping}>{grouping}</option>
          ))}
        </SelectField>
      ) : (
        <p>
          Type de groupement : <strong>{NO_GROUPING}</strong> (un seul titulaire).
          {error("grouping_type") && <span className="field-error"> {error("grouping_type")}</span>}
        </p>
      )}
    </fieldset>
  );
}
