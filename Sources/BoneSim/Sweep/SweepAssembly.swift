import BoneSimIO
import Foundation

/// Writes a sweep folder's top-level CSVs by concatenating its points' files in design-point
/// order (the first point's header, then every point's rows).
enum SweepAssembly {
  /// Assembles `files` for `points` of `directory`; `emptyHeaders` are the headers written
  /// when `points` is empty (a file without one is then not written). Returns the records.
  static func assemble(
    directory: String, points: Range<Int>, files: [String], emptyHeaders: [String: String]
  ) throws -> [Manifest.FileRecord] {
    var written: [StreamingFile] = []
    do {
      for name in files {
        if points.isEmpty && emptyHeaders[name] == nil { continue }
        let file = try StreamingFile(path: (directory as NSString).appendingPathComponent(name))
        written.append(file)
        if points.isEmpty { try file.write(emptyHeaders[name]!) }
        for point in points {
          let path = (SweepLayout.pointDirectory(directory, point) as NSString).appendingPathComponent(name)
          guard let data = FileManager.default.contents(atPath: path) else {
            throw MissingPointFile(path: path)
          }
          let text = String(decoding: data, as: UTF8.self)
          if point == points.lowerBound {
            try file.write(text)
          } else if let newline = text.firstIndex(of: "\n") {
            try file.write(String(text[text.index(after: newline)...]))
          }
        }
      }
      for f in written { try f.commit() }
    } catch {
      for f in written { f.discard() }
      throw error
    }
    return written.map {
      Manifest.FileRecord(path: ($0.path as NSString).lastPathComponent, rows: max($0.lines - 1, 0), bytes: $0.bytes, sha256: $0.sha256)
    }
  }
}

/// A design point's file vanished between the check and the assembly (runtime failure).
struct MissingPointFile: Error, CustomStringConvertible {
  let path: String
  var description: String { "cannot read \(path) while assembling the sweep" }
}
