/**
 * Sealed bids (plis) and their receipts. Reads go through the typed client; the upload goes
 * through XMLHttpRequest for its progress events, its answer typed from the same schema.
 */
import { type ApiClient, createApiClient, type Schemas, unwrap } from "./client";
import { uploadForm } from "./upload";

export type MyBid = Schemas["MyBid"];
export type OpenedBid = Schemas["OpenedBid"];
export type BidCount = Schemas["BidCount"];
export type BidFile = Schemas["BidFile"];

/** What a receipt shows: a company's own bid, or (without tender) an opened one. */
export type ReceiptBid = Pick<MyBid, "id" | "lot" | "submitted_at" | "is_current" | "files"> & {
  receipt?: MyBid["receipt"];
  company?: OpenedBid["company"];
};

const API = "/api/v1";

export const bidLinks = {
  submit: (tenderId: number) => `${API}/tenders/${tenderId}/bids/`,
  receiptPdf: (bidId: number) => `${API}/me/bids/${bidId}/receipt.pdf`,
  receiptJson: (bidId: number) => `${API}/me/bids/${bidId}/receipt.json`,
  file: (tenderId: number, bidId: number, fileId: number) =>
    `${API}/tenders/${tenderId}/bids/${bidId}/files/${fileId}/download/`,
};

/** The receipt's number ("AR-12-34") when the server gave one. */
export function receiptNumber(bid: ReceiptBid): string {
  const number = bid.receipt?.number;
  return typeof number === "string" ? number : `n° ${bid.id}`;
}

export function createBidsApi(client: ApiClient = createApiClient()) {
  return {
    submit(
      tenderId: number,
      files: File[],
      lot: number | null,
      onProgress: (percent: number) => void,
    ): Promise<MyBid> {
      const form = new FormData();
      for (const file of files) form.append("files", file, file.name);
      if (lot) form.append("lot", String(lot));
      return uploadForm<MyBid>(bidLinks.submit(tenderId), form, { onProgress });
    },

    /** My company's bids, the latest first; for one tender when given. */
    async mine(tenderId?: number): Promise<MyBid[]> {
      const page = await unwrap(
        client.GET("/api/v1/me/bids/", {
          params: { query: { page_size: 100, ...(tenderId ? { tender: tenderId } : {}) } },
        }),
      );
      return page.results;
    },

    /** The tender's bids, for its buyers once opened (the server keeps the seal before). */
    async forTender(tenderId: number): Promise<OpenedBid[]> {
      const page = await unwrap(
        client.GET("/api/v1/tenders/{tender_pk}/bids/", {
          params: { path: { tender_pk: tenderId }, query: { page_size: 100 } },
        }),
      );
      return page.results;
    },

    /** How many bids arrived (buyer side; never who), sealed or not. */
    count(tenderId: number): Promise<BidCount> {
      return unwrap(
        client.GET("/api/v1/tenders/{tender_pk}/bids/count/", {
          params: { path: { tender_pk: tenderId } },
        }),
      );
    },
  };
}

let shared: ReturnType<typeof createBidsApi> | null = null;

export function bidsApi(): ReturnType<typeof createBidsApi> {
  shared ??= createBidsApi();
  return shared;
}
