import { type FormEvent, useState } from "react";
import { nestedFieldError } from "../../../api/errors";
import { tendersApi } from "../../../api/tenders";
import { ErrorSummary, SelectField, TextField } from "../../../components/Forms";
import { useAction } from "../../../hooks";
import { type ContractState, contractPayload, emptyContract } from "../../../tenders/contract";
import { AwardContractFields } from "./AwardContractFields";
import { lotsToAward } from "./lots";
import type { Props } from "./types";

interface AwardRow {
  lot: string;
  amount: string;
  companies: Array<{ siret: string; name: string }>;
  contract: ContractState;
}

const emptyAward = (): AwardRow => ({
  lot: "",
  amount: "",
  companies: [{ siret: "", name: "" }],
  contract: emptyContract(),
});

const filledCompanies = (row: AwardRow) => row.companies.filter((company) => company.siret.trim());

/** The award of the tender, or of the lots not awarded yet: amount, titulaires, contract data. */
export function AwardForm({ tender, onChange }: Props) {
  const lots = lotsToAward(tender);
  const [rows, setRows] = useState<AwardRow[]>([emptyAward()]);
  const action = useAction();
  const set = (index: number, change: Partial<AwardRow>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const setContract = (index: number, change: Partial<ContractState>) =>
    setRows((current) =>
      current.map((row, i) => (i === index ? { ...row, contract: { ...row.contract, ...change } } : row)),
    );
  // Errors come keyed by the award's position (and a titulaire's), as the API sends them.
  const awardError = (index: number, ...path: Array<string | number>) =>
    nestedFieldError(action.error, ["awards", index, ...path]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const awards = rows.map((row) => {
      const companies = filledCompanies(row);
      return {
        ...(row.lot ? { lot_number: Number(row.lot) } : {}),
        amount: row.amount.replace(",", ".").replace(/\s/g, ""),
        companies: companies.map((company) => ({
          siret: company.siret.replace(/\s/g, ""),
          name: company.name.trim(),
        })),
        ...contractPayload(row.contract, companies.length),
      };
    });
    if (await action.run(() => tendersApi().award(tender.id, { awards }))) onChange();
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="attribuer">
      <h3 id="attribuer">Attribuer</h3>
      <ErrorSummary error={action.error} />
      {rows.map((row, index) => (
        <fieldset key={index} className="award">
          <legend>Attribution {rows.length > 1 ? index + 1 : ""}</legend>
          {lots.length > 0 && (
            <SelectField
              id={`attribution-${index}-lot`}
              label="Lot"
              required
              value={row.lot}
              error={awardError(index, "lot_number")}
              onChange={(event) => set(index, { lot: event.target.value })}
            >
              <option value="">Choisir…</option>
              {lots.map((lot) => (
                <option key={lot.number} value={lot.number}>
                  Lot {lot.number} — {lot.title}
                </option>
              ))}
            </SelectField>
          )}
          <div className="field-row">
            <TextField
              id={`attribution-${index}-montant`}
              label="Montant (€ HT)"
              inputMode="decimal"
              required
              value={row.amount}
              error={awardError(index, "amount")}
              onChange={(event) => set(index, { amount: event.target.value })}
            />
          </div>
          {awardError(index, "companies") &&
            !row.companies.some((_, i) => awardError(index, "companies", i)) && (
              <p className="field-error">{awardError(index, "companies")}</p>
            )}
          {row.companies.map((company, companyIndex) => {
            // Its position in the request, where empty rows are left out.
            const sent = filledCompanies({ ...row, companies: row.companies.slice(0, companyIndex) }).length;
            const companyError = (field: string) =>
              company.siret.trim() ? awardError(index, "companies", sent, field) : undefined;
            return (
              <div className="field-row" key={companyIndex}>
                <TextField
                  id={`attribution-${index}-siret-${companyIndex}`}
                  label={`SIRET de l'entreprise${row.companies.length > 1 ? ` ${companyIndex + 1}` : ""}`}
                  hint="14 chiffres."
                  inputMode="numeric"
                  required={companyIndex === 0}
                  value={company.siret}
                  error={companyError("siret")}
                  onChange={(event) =>
                    set(index, {
                      companies: row.companies.map((c, i) => (i === companyIndex ? { ...c, siret: event.target.value } : c)),
                    })
                  }
                />
                <TextField
                  id={`attribution-${index}-nom-${companyIndex}`}
                  label="Raison sociale"
                  hint="Facultative si l'entreprise est inscrite sur la plate-forme."
                  value={company.name}
                  error={companyError("name")}
                  onChange={(event) =>
                    set(index, {
                      companies: row.companies.map((c, i) => (i === companyIndex ? { ...c, name: event.target.value } : c)),
                    })
                  }
                />
              </div>
            );
          })}
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => set(index, { companies: [...row.companies, { siret: "", name: "" }] })}
          >
            Ajouter un cotraitant
          </button>
          <AwardContractFields
            id={`attribution-${index}`}
            value={row.contract}
            titulaires={filledCompanies(row).length}
            onChange={(change) => setContract(index, change)}
            error={(field) => awardError(index, field)}
          />
        </fieldset>
      ))}
      {lots.length > 1 && rows.length < lots.length && (
        <p>
          <button type="button" className="button button-small button-secondary" onClick={() => setRows([...rows, emptyAward()])}>
            Attribuer un autre lot
          </button>
        </p>
      )}
      <button type="submit" className="button" disabled={action.busy}>
        Enregistrer l'attribution
      </button>
    </form>
  );
}
