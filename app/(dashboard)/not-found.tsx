import { NotFoundMessage } from "@/components/not-found-message";

/** 404 raised by a dashboard page (`notFound()`); the group's shell is already around it. */
export default function DashboardNotFound() {
  return <NotFoundMessage />;
}
