extension Provenance {
  /// Tag as printed in tables (docs/MODEL.md).
  public var tag: String {
    switch self {
    case .published: return "P"
    case .asCoded: return "C"
    case .derived: return "R"
    case .calibrated: return "calibrated"
    case .assumed: return "A"
    }
  }
}

extension ParameterTable {
  /// The table as Markdown: name, value, unit, paper symbol, source, provenance, physical
  /// range, note; then the orderings between parameters.
  public var markdown: String {
    var lines = [
      "| name | value | unit | symbol | source | provenance | range | note |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for p in entries {
      lines.append(
        "| `\(p.name)` | \(p.value) | \(p.unit) | \(p.symbol) | \(p.source.key) | \(p.provenance.tag) | \(p.range) | \(p.note) |")
    }
    if !orderings.isEmpty {
      lines.append("")
      lines.append("Orderings every override must keep:")
      lines.append("")
      for o in orderings { lines.append("- `\(o.lower)` \(o.allowsEqual ? "≤" : "<") `\(o.upper)`") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The table's CSV rows, header first (fields unquoted: the writer quotes them).
  public var csvRows: [[String]] {
    [["name", "value", "unit", "symbol", "source", "provenance", "range"]]
      + entries.map { [$0.name, "\($0.value)", $0.unit, $0.symbol, $0.source.key, $0.provenance.tag, $0.range.description] }
  }
}
