import { NotFoundMessage } from "@/components/shell/not-found-message";

/** 404 raised by a dashboard page (`notFound()`); the group's shell is already around it. */
export default function DashboardNotFound() {
  return <NotFoundMessage />;
}
