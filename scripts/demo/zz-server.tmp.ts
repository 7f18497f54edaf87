import { startTestServer } from "../../server/test/helpers";
const server = await startTestServer({ env: { RUNWATCH_GITHUB_SECRET: "test-github-secret" } });
console.log(server.url, server.dataDir);
setInterval(() => {}, 1000);
