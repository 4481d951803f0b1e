import { Link, useParams } from "react-router-dom";
import { trainingApi } from "../../api/training";
import { PageHeading } from "../../components/PageHeading";
import { LoadError, Loading } from "../../components/Status";
import { useLoad } from "../../hooks";
import { NotFoundPage } from "../NotFoundPage";
import "./training.css";

/** Animators: how far each collectivité got, as counts (never a person's name). */
export function CompletionPage() {
  const id = Number(useParams().id);
  const [completion] = useLoad(`training-completion:${id}`, () => trainingApi.completion(id));
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  if (completion.status === "error" && completion.error.is("not_found")) return <NotFoundPage />;
  const data = completion.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/base-documentaire/formation/${id}`}>← Module</Link>
      </p>
      <PageHeading title={data ? `Achèvement : ${data.title}` : "Achèvement par collectivité"} />
      {completion.status === "error" && <LoadError error={completion.error} />}
      {!data && completion.status === "loading" && <Loading />}
      {data && (
        <>
          <p>
            Des totaux par collectivité, sans nom de personne ; le référent de chaque collectivité voit le détail de
            ses agents. Le module compte {data.total_lessons} leçons.
          </p>
          {data.collectivites.length === 0 ? (
            <p>Personne n'a encore commencé ce module.</p>
          ) : (
            <div className="table-wrapper">
              <table>
                <caption className="visually-hidden">Achèvement du module par collectivité</caption>
                <thead>
                  <tr>
                    <th scope="col">Collectivité</th>
                    <th scope="col">Apprenants</th>
                    <th scope="col">Module terminé</th>
                    <th scope="col">Leçons terminées</th>
                  </tr>
                </thead>
                <tbody>
                  {data.collectivites.map((row) => (
                    <tr key={row.collectivite_id}>
                      <th scope="row">{row.collectivite_name}</th>
                      <td>{row.learners}</td>
                      <td>{row.completed}</td>
                      <td>{row.lessons_done}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
