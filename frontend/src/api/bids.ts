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

export interface BidLot {
  number: number;
  title: string;
}

/** A company's own bid (with `tender` and `receipt`) or an opened bid (with `company`). */
export interface Bid {
  id: number;
  tender?: { id: number; reference?: string; title?: string };
  lot?: BidLot | null;
  company?: BidCompany | null;
  submitted_at: string;
  submitted_by?: string;
  is_current?: boolean;
  superseded_by?: number | null;
  files: BidFile[];
  receipt?: { number?: string; [key: string]: unknown };
}

export interface BidCount {
  bids: number;
  companies: number;
  submissions: number;
  sealed: boolean;
  response_deadline: string;
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
  count: (tenderId: number) => `${API}/tenders/${tenderId}/bids/count/`,
  receiptPdf: (bidId: number) => `${API}/me/bids/${bidId}/receipt.pdf`,
  receiptJson: (bidId: number) => `${API}/me/bids/${bidId}/receipt.json`,
  file: (tenderId: number, bidId: number, fileId: number) =>
    `${API}/tenders/${tenderId}/bids/${bidId}/files/${fileId}/download/`,
};

function results<T>(page: Paginated<T> | T[]): T[] {
  return Array.isArray(page) ? page : page.results;
}

export function tenderIdOf(bid: Bid): number | null {
  return bid.tender?.id ?? null;
}

export const bidsApi = {
  submit(
    tenderId: number,
    files: File[],
    lot: number | null,
    onProgress: (percent: number) => void,
  ): Promise<Bid> {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    if (lot) form.append("lot", String(lot));
    return uploadForm<Bid>(bidLinks.submit(tenderId), form, { onProgress });
  },

  /** My company's bids, the latest first; for one tender when given. */
  async mine(tenderId?: number): Promise<Bid[]> {
    const query = tenderId ? `?tender=${tenderId}&page_size=100` : "?page_size=100";
    return results(await requestJson<Paginated<Bid> | Bid[]>("GET", `${bidLinks.mine}${query}`));
  },

  /** How many bids arrived (buyer side; never who), sealed or not. */
  count(tenderId: number): Promise<BidCount> {
    return requestJson<BidCount>("GET", bidLinks.count(tenderId));
  },

  /** The tender's bids: their contents only once opened (before, the API refuses or counts). */
  async forTender(tenderId: number): Promise<Bid[]> {
    return results(
      await requestJson<Paginated<Bid> | Bid[]>("GET", `${bidLinks.list(tenderId)}?page_size=100`),
    );
  },
};
