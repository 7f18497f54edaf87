// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dashboard is served by our own server (server/http/dashboard.ts); no image CDN, no telemetry.
  images: { unoptimized: true },
};

export default nextConfig;
