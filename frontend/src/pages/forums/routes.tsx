/** The forums' routes (/forums…), kept here so App.tsx only mounts them. */
import { Route } from "react-router-dom";
import { RequireAuth } from "../../auth/RequireAuth";
import "./forums.css";
import { ForumPage } from "./ForumPage";
import { ForumsPage } from "./ForumsPage";
import { ModerationPage, MyModerationPage } from "./ModerationPage";
import { TopicPage } from "./TopicPage";

export function forumRoutes() {
  return [
    <Route key="forums" path="forums" element={<ForumsPage />} />,
    <Route
      key="forums-moderation"
      path="forums/moderation"
      element={
        <RequireAuth>
          <ModerationPage />
        </RequireAuth>
      }
    />,
    <Route
      key="forums-journal"
      path="forums/journal"
      element={
        <RequireAuth>
          <MyModerationPage />
        </RequireAuth>
      }
    />,
    <Route key="forum-sujet" path="forums/sujets/:id" element={<TopicPage />} />,
    <Route key="forum" path="forums/:id" element={<ForumPage />} />,
  ];
}
