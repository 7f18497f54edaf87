/** Props of {@link Logo}. */
export interface LogoProps {
  className?: string;
}

/** The Runwatch mark: a pulse line in a rounded square, in the accent colour. Decorative. */
export function Logo({ className = "size-6" }: LogoProps) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden className={`${className} text-accent`}>
      <rect x="1" y="1" width="22" height="22" rx="6" className="fill-current" />
      <path
        d="M5 13h3l2-5 3 9 2-4h4"
        fill="none"
        stroke="white"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="dark:stroke-[oklch(0.16_0.012_265)]"
      />
    </svg>
  );
}
