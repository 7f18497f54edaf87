import { JOB_SOURCES, type JobSource } from "@/lib/job";
import { inputClass } from "@/components/ui/classes";
import { VENDOR_NAMES } from "@/components/common/vendor-icons";
import { FilterField } from "@/components/ui/filter-field";

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

/** Props of {@link SourceField}. */
export interface SourceFieldProps {
  value: JobSource | null;
  /** Called with the source's name, or "" for every source (as the filter bars keep it in the URL). */
  onChange: (value: string) => void;
}

/** The labelled "Source" field of a filter bar (Jobs, Runners). */
export function SourceField({ value, onChange }: SourceFieldProps) {
  return (
    <FilterField label="Source">
      {(id) => <SourceSelect id={id} value={value} onChange={(source) => onChange(source ?? "")} />}
    </FilterField>
  );
}
