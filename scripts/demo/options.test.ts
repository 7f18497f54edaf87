import { describe, expect, it } from "vitest";
import { parseOptions, skippedLine, UsageError, type Options } from "./options";

const ALL = {
  RUNWATCH_GITHUB_SECRET: "gh-secret-1",
  RUNWATCH_GITLAB_TOKEN: "gl-token-1",
  RUNWATCH_BUILDKITE_TOKEN: "bk-token-1",
  RUNWATCH_JENKINS_TOKEN: "jk-token-1",
  RUNWATCH_GENERIC_SECRET: "gn-secret-1",
};

const parse = (argv: string[], env: Record<string, string>) => parseOptions(argv, env) as Options;
const keys = (options: Options) => options.sources.map((e) => e.source.key);

describe("parseOptions", () => {
  it("simulates every source whose secret is set, with that secret", () => {
    const options = parse([], ALL);
    expect(keys(options)).toEqual(["github", "gitlab", "buildkite", "jenkins", "generic"]);
    expect(options.sources.map((e) => e.secret)).toEqual(Object.values(ALL));
    expect(options.skipped).toEqual([]);
    expect(skippedLine(options.skipped)).toBeNull();
  });

  it("skips the others, in one line naming the variable that would enable each", () => {
    const options = parse([], { RUNWATCH_GITLAB_TOKEN: "gl-token-1", PORT: "4000" });
    expect(keys(options)).toEqual(["gitlab"]);
    expect(options.url).toBe("http://127.0.0.1:4000");
    expect(skippedLine(options.skipped)).toBe(
      "skipping GitHub Actions (set RUNWATCH_GITHUB_SECRET), Buildkite (set RUNWATCH_BUILDKITE_TOKEN), " +
        "Jenkins (set RUNWATCH_JENKINS_TOKEN), generic (set RUNWATCH_GENERIC_SECRET)",
    );
  });

  it("takes --secret for GitHub and --sources to narrow the set", () => {
    expect(keys(parse(["--secret", "from-flag-1"], {}))).toEqual(["github"]);
    expect(parse(["--secret", "from-flag-1"], ALL).sources[0]?.secret).toBe("from-flag-1");
    const narrowed = parse(["--sources", "jenkins,generic"], ALL);
    expect(keys(narrowed)).toEqual(["jenkins", "generic"]);
    expect(narrowed.skipped).toEqual([]);
  });

  it("refuses to start without any secret, naming every variable", () => {
    expect(() => parseOptions([], {})).toThrow(UsageError);
    try {
      parseOptions([], {});
    } catch (error) {
      for (const variable of Object.keys(ALL)) expect((error as Error).message).toContain(variable);
    }
  });

  it("refuses unknown sources and bad numbers", () => {
    expect(() => parseOptions(["--sources", "travis"], ALL)).toThrow(/unknown source "travis"/);
    expect(() => parseOptions(["--rate", "0"], ALL)).toThrow(/--rate/);
  });
});
