import type { ButtonHTMLAttributes } from "react";
import { buttonClass } from "./classes";

/** A look of {@link Button}: see {@link buttonClass}. */
export type ButtonVariant = keyof typeof buttonClass;

/** `md`: the standard 2 rem control; `sm`: a table row's action. */
export type ButtonSize = "md" | "sm";

const SIZE_CLASS: Record<ButtonSize, string> = { md: "", sm: " h-7 px-2.5 text-xs" };

/** Props of {@link Button}: a `<button>`'s own attributes plus its look. */
export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant: ButtonVariant;
  size?: ButtonSize;
}

/** The class of a button (or a link styled as one) of this variant and size. */
export function buttonClassName(variant: ButtonVariant, size: ButtonSize = "md"): string {
  return `${buttonClass[variant]}${SIZE_CLASS[size]}`;
}

/** A button in one of the dashboard's looks; `type` defaults to "button" (never submits by accident). */
export function Button({ variant, size = "md", type = "button", className, ...props }: ButtonProps) {
  const look = buttonClassName(variant, size);
  return <button {...props} type={type} className={className ? `${look} ${className}` : look} />;
}
