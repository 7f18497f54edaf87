import { JOB_SOURCES, type JobSource } from "@/lib/job";
import { inputClass } from "@/components/ui/classes";
import { VENDOR_NAMES } from "@/components/common/vendor-icons";

/** Props of {@link SourceSelect}. */
export interface SourceSelectProps {
  id: string;
  value: JobSource | null;
  onChange: (source: JobSource | null) => void;
}

/** The "which CI" filter: every source by its vendor name, or all of them. */
export function SourceSelect({ id, value, onChange }: SourceSelectProps) {
  return (
    <select
      id={id}
      name="source"
      value={value ?? ""}
      onChange={(event) => onChange((event.target.value || null) as JobSource | null)}
      className={inputClass}
    >
      <option value="">All sources</option>
      {JOB_SOURCES.map((source) => (
        <option key={source} value={source}>
          {VENDOR_NAMES[source]}
        </option>
      ))}
    </select>
  );
}
