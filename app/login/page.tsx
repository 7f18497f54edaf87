import type { Metadata } from "next";
import { LoginMethods } from "@/components/auth/login-methods";
import { Logo } from "@/components/shell/logo";
import { safeNextPath } from "@/components/auth/sign-in-path";

export const metadata: Metadata = { title: "Sign in" };

/** Props of the sign-in route. */
export interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/**
 * `/login`: single sign-on (when set up) or an API key exchanged for a dashboard session, then
 * back to `?next=` (same-origin paths only); `?sso=denied|failed` explains a refused single sign-on.
 */
export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next, sso } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : null);
  return (
    <div className="w-full max-w-sm">
      <div className="mb-6 flex flex-col items-center gap-3 text-center">
        <Logo className="size-10" />
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Sign in to Runwatch</h1>
          <p className="mt-1 text-sm text-muted">Real-time monitoring for your CI runners.</p>
        </div>
      </div>
      <div className="rounded-xl border border-border bg-surface p-5 shadow-sm sm:p-6">
        <LoginMethods next={target} refusal={typeof sso === "string" ? sso : null} />
      </div>
    </div>
  );
}
