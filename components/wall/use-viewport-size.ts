"use client";

import { useEffect, useState } from "react";

/** The viewport's size in CSS px; a 16:9 guess until mounted (server render). */
export function useViewportSize(): { width: number; height: number } {
  const [size, setSize] = useState({ width: 1920, height: 1080 });
  useEffect(() => {
    const read = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    read();
    window.addEventListener("resize", read);
    return () => window.removeEventListener("resize", read);
  }, []);
  return size;
}
