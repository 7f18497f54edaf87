// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dashboard is served by our own server (server/http/dashboard.ts); no image CDN, no telemetry.
  images: { unoptimized: true },
  // `npm run dev` is often browsed as 127.0.0.1; let it load the dev bundles too.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
