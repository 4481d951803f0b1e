import { plural } from "../text";

/** The submit and reset buttons that end every filter form of a list page. */
export function FilterActions({ filtered, onReset }: { filtered: boolean; onReset: () => void }) {
  return (
    <div className="filter-actions">
      <button type="submit" className="button">
        Rechercher
      </button>
      {filtered && (
        <button type="button" className="button button-secondary" onClick={onReset}>
          Effacer les filtres
        </button>
      )}
    </div>
  );
}

/**
 * How many results a list has, announced politely to screen readers as filters change.
 * ``noun`` is the singular ("collectivité", "consultation"); ``plural`` adds the count and "s".
 */
export function ResultCount({
  count,
  countExact = true,
  noun,
  filtered,
  loading,
}: {
  count: number | undefined;
  countExact?: boolean;
  noun: string;
  filtered: boolean;
  loading: boolean;
}) {
  let text = "";
  if (count !== undefined) {
    const counted = `${countExact ? "" : "plus de "}${plural(count, noun)}`;
    text = `${counted}${filtered ? " correspondant aux critères" : ""}`;
  } else if (loading) {
    text = "Chargement…";
  }
  return (
    <p className="result-count" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </p>
  );
}
