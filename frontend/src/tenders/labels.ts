/** French labels of the tender room's API values (the API also sends *_label for tenders). */
import type { Nature, Procedure, TenderStatus } from "./filters";

export const STATUS_LABELS: Record<TenderStatus, string> = {
  draft: "Brouillon",
  published: "Publiée",
  closed: "Clôturée",
  opened: "Plis ouverts",
  awarded: "Attribuée",
  unsuccessful: "Infructueuse",
  cancelled: "Annulée",
};

export const PROCEDURE_LABELS: Record<Procedure, string> = {
  mapa: "Procédure adaptée (MAPA)",
  appel_offres_ouvert: "Appel d'offres ouvert",
  appel_offres_restreint: "Appel d'offres restreint",
  negociation: "Procédure avec négociation",
  dialogue_competitif: "Dialogue compétitif",
  sans_publicite: "Marché passé sans publicité ni mise en concurrence préalable",
};

export const NATURE_LABELS: Record<Nature, string> = {
  travaux: "Travaux",
  fournitures: "Fournitures",
  services: "Services",
};

const TIMELINE_LABELS: Record<string, string> = {
  "tender.created": "Consultation créée",
  "tender.updated": "Consultation modifiée",
  "tender.published": "Consultation publiée",
  "tender.dce_added": "Pièce ajoutée au DCE",
  "tender.dce_revised": "Pièce du DCE modifiée",
  "tender.dce_deleted": "Pièce retirée du DCE",
  "tender.question_asked": "Question posée",
  "tender.answer_published": "Réponse publiée",
  "tender.closed": "Date limite de remise des offres atteinte",
  "tender.opened": "Plis ouverts",
  "tender.awarded": "Consultation attribuée",
  "tender.unsuccessful": "Consultation déclarée infructueuse",
  "tender.cancelled": "Consultation annulée",
  "tender.bid_submitted": "Pli déposé",
  // After the choice (ADR 0017)
  "tender.criteria_set": "Critères d'attribution fixés",
  "tender.offer_scored": "Offre notée",
  "tender.rejection_letters_sent": "Lettres de rejet envoyées",
  "tender.certificates_requested": "Attestations demandées au titulaire",
  "tender.certificate_uploaded": "Attestation déposée",
  "tender.certificate_accepted": "Attestation acceptée",
  "tender.certificate_refused": "Attestation refusée",
  "tender.contract_sent": "Marché signé et envoyé au titulaire",
  "tender.contract_notified": "Marché notifié",
  "tender.award_corrected": "Attribution corrigée",
  "tender.contract_modified": "Modification du marché (avenant)",
};

export function timelineLabel(action: string): string {
  return TIMELINE_LABELS[action] ?? action;
}

const NOTIFICATION_LABELS: Record<string, string> = {
  dce_modified: "Modification du DCE",
  answer_published: "Réponse publiée",
  tender_cancelled: "Consultation annulée",
  deadline_changed: "Date limite modifiée",
  offer_rejected: "Offre non retenue",
  certificates_requested: "Attestations demandées",
  contract_notified: "Marché notifié",
};

export function notificationLabel(kind: string): string {
  return NOTIFICATION_LABELS[kind] ?? kind;
}

const SIGNATURE_LABELS: Record<string, string> = {
  unsigned: "Non signé",
  signed: "Signé (certificat non reconnu)",
  signed_valid: "Signature valide",
  signed_invalid: "Signature invalide",
};

export function signatureLabel(status: string | null | undefined): string {
  return status ? (SIGNATURE_LABELS[status] ?? status) : "—";
}

const INTEGRITY_LABELS: Record<string, string> = {
  unsigned: "",
  signed_unchanged: "non modifié depuis la signature",
  signed_changed: "modifié depuis la signature",
};

/** Whether a signed file is still what was signed (pyHanko's verdict, issue 12). */
export function integrityLabel(state: string | null | undefined): string {
  return state ? (INTEGRITY_LABELS[state] ?? state) : "";
}
