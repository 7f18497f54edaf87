import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { Logo } from "@/components/shell/logo";
import { safeNextPath } from "@/components/auth/sign-in-path";

export const metadata: Metadata = { title: "Sign in" };

/** Props of the sign-in route. */
export interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** `/login`: exchange an API key for a dashboard session, then return to `?next=` (same-origin paths only). */
export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next } = await searchParams;
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
        <LoginForm next={target} />
      </div>
    </div>
  );
}
