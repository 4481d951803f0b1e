import { type ReactNode, useEffect } from "react";
import { APP_NAME } from "../text";

/**
 * The page's <h1>, and its document title. It is focusable (tabIndex -1) so the layout can move
 * focus to it after a route change, which is how screen-reader users learn the page changed.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = title === APP_NAME ? APP_NAME : `${title} · ${APP_NAME}`;
  }, [title]);
  return (
    <h1 tabIndex={-1} className="page-heading">
      {children ?? title}
    </h1>
  );
}
