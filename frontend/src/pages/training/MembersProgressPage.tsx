import { Link, useParams } from "react-router-dom";
import { trainingApi } from "../../api/training";
import { PageHeading } from "../../components/PageHeading";
import { LoadError, Loading } from "../../components/Status";
import { useLoad } from "../../hooks";
import { formatDateTime } from "../../text";
import { NotFoundPage } from "../NotFoundPage";
import "./training.css";

/** A collectivité's referent: each of its members' progress in the module. */
export function MembersProgressPage() {
  const params = useParams();
  const id = Number(params.id);
  const collectiviteId = Number(params.collectiviteId);
  const [progress] = useLoad(`training-members:${id}:${collectiviteId}`, () =>
    trainingApi.members(id, collectiviteId),
  );
  if (!Number.isInteger(id) || !Number.isInteger(collectiviteId)) return <NotFoundPage />;
  if (progress.status === "error" && progress.error.is("not_found")) return <NotFoundPage />;
  const data = progress.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/base-documentaire/formation/${id}`}>← Module</Link>
      </p>
      <PageHeading title={data ? `${data.collectivite_name} : ${data.module_title}` : "Progression des agents"} />
      {progress.status === "error" && <LoadError error={progress.error} />}
      {!data && progress.status === "loading" && <Loading />}
      {data && (
        <>
          <p>Vous voyez cette page en tant que référent de {data.collectivite_name}.</p>
          <div className="table-wrapper">
            <table>
              <caption className="visually-hidden">Progression de chaque membre</caption>
              <thead>
                <tr>
                  <th scope="col">Membre</th>
                  <th scope="col">Leçons terminées</th>
                  <th scope="col">Progression</th>
                  <th scope="col">Dernière leçon terminée</th>
                </tr>
              </thead>
              <tbody>
                {data.members.map((member) => (
                  <tr key={member.user_id}>
                    <th scope="row">{member.name}</th>
                    <td>
                      {member.done} / {member.total}
                    </td>
                    <td>{member.percent} %</td>
                    <td>{member.last_completed_at ? formatDateTime(member.last_completed_at) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
