/**
 * Sealed bids (plis) and their receipts. Upload goes through XMLHttpRequest for its progress
 * events; the rest is plain JSON. Paths and shapes in one place, so that following the bids API
 * as it settles is a change to this file only.
 */
import { requestJson, uploadForm } from "./upload";

export interface BidFile {
  id?: number;
  name: string;
  size: number;
  sha256: string;
  content_type?: string;
  signature_status?: string;
}

export interface BidCompany {
  id?: number;
  name: string;
  siret: string;
}

export interface Bid {
  id: number;
  tender?: number | { id: number; reference?: string; title?: string };
  lot_number?: number | null;
  company?: BidCompany | null;
  submitted_at: string;
  is_current?: boolean;
  files: BidFile[];
}

interface Paginated<T> {
  count: number;
  next?: string | null;
  results: T[];
}

const API = "/api/v1";

export const bidLinks = {
  submit: (tenderId: number) => `${API}/tenders/${tenderId}/bids/`,
  list: (tenderId: number) => `${API}/tenders/${tenderId}/bids/`,
  mine: `${API}/me/bids/`,
  receiptPdf: (bidId: number) => `${API}/me/bids/${bidId}/receipt.pdf`,
  receiptJson: (bidId: number) => `${API}/me/bids/${bidId}/receipt.json`,
  file: (tenderId: number, bidId: number, fileId: number) =>
    `${API}/tenders/${tenderId}/bids/${bidId}/files/${fileId}/download/`,
};

function results<T>(page: Paginated<T> | T[]): T[] {
  return Array.isArray(page) ? page : page.results;
}

export function tenderIdOf(bid: Bid): number | null {
  if (typeof bid.tender === "number") return bid.tender;
  return bid.tender?.id ?? null;
}

export const bidsApi = {
  submit(
    tenderId: number,
    files: File[],
    lotNumber: number | null,
    onProgress: (percent: number) => void,
  ): Promise<Bid> {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    if (lotNumber) form.append("lot_number", String(lotNumber));
    return uploadForm<Bid>(bidLinks.submit(tenderId), form, { onProgress });
  },

  async mine(): Promise<Bid[]> {
    return results(await requestJson<Paginated<Bid> | Bid[]>("GET", `${bidLinks.mine}?page_size=100`));
  },

  /** The tender's bids: their contents only once opened (before, the API refuses or counts). */
  async forTender(tenderId: number): Promise<Bid[]> {
    return results(
      await requestJson<Paginated<Bid> | Bid[]>("GET", `${bidLinks.list(tenderId)}?page_size=100`),
    );
  },
};
