import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";
import { Bar } from "react-chartjs-2";
import { useSearchParams } from "react-router-dom";
import { monthlyRows, type Stats, statsApi } from "../api/stats";
import { SelectField } from "../components/Forms";
import { PageHeading } from "../components/PageHeading";
import { LoadError } from "../components/Status";
import { useLoad } from "../hooks";
import { formatShare } from "../tenders/format";

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

const MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const MONTH_NAMES = [
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
];

const SERIES_LABELS: Record<string, string> = {
  tenders_published: "Consultations publiées",
  dce_downloads: "Retraits de DCE",
  electronic_bids: "Plis électroniques",
  bids_without_certificate: "Plis sans certificat",
  mapa: "Consultations MAPA",
  publishing_bodies: "Collectivités publiantes",
  acts_transmitted: "Actes transmis en préfecture",
};

const COLOURS = ["#000091", "#ce0500", "#18753c", "#a558a0", "#716043", "#3a3a3a"];

export function seriesLabel(key: string): string {
  return SERIES_LABELS[key] ?? key.replace(/_/g, " ");
}

const FIRST_YEAR = 2007; // the founding article's year of operation (demo data)

function years(): number[] {
  const last = new Date().getFullYear();
  const list: number[] = [];
  for (let year = last; year >= FIRST_YEAR; year -= 1) list.push(year);
  return list;
}

function Figures({ stats }: { stats: Stats }) {
  const n = (value: number) => value.toLocaleString("fr-FR");
  const figures: Array<[string, string]> = [
    ["Collectivités membres", n(stats.member_bodies)],
    ["Collectivités ayant publié", n(stats.publishing_bodies)],
    ["Consultations publiées", n(stats.tenders_published)],
    ["Part des procédures adaptées (MAPA)", formatShare(stats.mapa_share)],
    ["Retraits de DCE", n(stats.dce_downloads)],
    ...(typeof stats.dce_downloads_mapa_share === "number" || stats.dce_downloads_mapa_share === null
      ? [["Part des retraits portant sur un MAPA", formatShare(stats.dce_downloads_mapa_share)] as [string, string]]
      : []),
    ["Plis électroniques reçus", n(stats.electronic_bids)],
    ["Plis sans certificat de signature", formatShare(stats.bids_without_certificate_share)],
    ...(typeof stats.acts_transmitted === "number"
      ? ([
          ["Actes transmis en préfecture", n(stats.acts_transmitted)],
          ["Collectivités ayant transmis des actes", n(Number(stats.act_transmitting_bodies ?? 0))],
        ] as Array<[string, string]>)
      : []),
  ];
  return (
    <dl className="figures">
      {figures.map(([label, value]) => (
        <div className="figure" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One chart per series (scales differ: 8 000 downloads would flatten 100 bids), each with its
 * data as a table for screen readers and keyboard users (the canvas itself is not readable). */
function MonthlyCharts({ stats }: { stats: Stats }) {
  const { rows, keys } = monthlyRows(stats);
  if (keys.length === 0) return <p>Pas de série mensuelle pour cette année.</p>;
  return (
    <>
      <div className="charts">
        {keys.map((key, index) => (
          <figure key={key} className="chart">
            <figcaption>{seriesLabel(key)} par mois</figcaption>
            <div className="chart-canvas">
              <Bar
                aria-hidden="true"
                data={{
                  labels: MONTHS,
                  datasets: [
                    {
                      label: seriesLabel(key),
                      data: rows.map((row) => row.values[key] ?? 0),
                      backgroundColor: COLOURS[index % COLOURS.length],
                    },
                  ],
                }}
                options={{
                  responsive: true,
                  maintainAspectRatio: false,
                  animation: false,
                  plugins: { legend: { display: false } },
                  scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
                }}
              />
            </div>
          </figure>
        ))}
      </div>
      <details className="chart-table" open>
        <summary>Données mensuelles (tableau)</summary>
        <div className="table-wrapper">
          <table>
            <caption>Séries mensuelles {stats.year}</caption>
            <thead>
              <tr>
                <th scope="col">Mois</th>
                {keys.map((key) => (
                  <th scope="col" key={key}>
                    {seriesLabel(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.month}>
                  <th scope="row">{MONTH_NAMES[row.month - 1]}</th>
                  {keys.map((key) => (
                    <td key={key}>{(row.values[key] ?? 0).toLocaleString("fr-FR")}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

export function StatsPage() {
  const [params, setParams] = useSearchParams();
  const wanted = Number.parseInt(params.get("annee") ?? "", 10);
  const year = Number.isInteger(wanted) && wanted >= FIRST_YEAR ? wanted : null;
  const [state] = useLoad(`stats-${year ?? ""}`, () => statsApi.get(year));
  const stats = state.data;
  const shownYear = year ?? stats?.year ?? new Date().getFullYear();

  return (
    <>
      <PageHeading title="Statistiques du réseau" />
      <p className="lead">L'activité de la salle des marchés du réseau, année par année.</p>
      <form className="filters stats-year" onSubmit={(event) => event.preventDefault()} aria-label="Choisir l'année">
        <SelectField
          id="annee"
          label="Année"
          value={String(shownYear)}
          onChange={(event) => setParams(new URLSearchParams({ annee: event.target.value }), { replace: true })}
        >
          {years().map((item) => (
            <option key={item} value={item}>
              {item}
            </option>
          ))}
        </SelectField>
      </form>
      <div role="status" aria-live="polite" className="result-count">
        {state.status === "loading" ? "Chargement…" : stats ? `Chiffres de l'année ${stats.year}` : ""}
      </div>
      {state.status === "error" && <LoadError error={state.error} />}
      {stats && (
        <div aria-busy={state.status === "loading"}>
          <section aria-labelledby="chiffres">
            <h2 id="chiffres">Chiffres clés {stats.year}</h2>
            <Figures stats={stats} />
          </section>
          <section aria-labelledby="mois">
            <h2 id="mois">Mois par mois</h2>
            <MonthlyCharts stats={stats} />
          </section>
        </div>
      )}
    </>
  );
}
