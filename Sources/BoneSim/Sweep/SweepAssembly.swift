import BoneSimIO
import Foundation

/// Writes a sweep folder's top-level CSVs by concatenating its points' files in design-point
/// order (the first point's header, then every point's rows).
enum SweepAssembly {
  /// Assembles `files` for `points` of `directory`; `emptyHeaders` are the headers written
  /// when `points` is empty (a file without one is then not written). Each of
  /// `optionalFiles` is assembled from the points that have it, and only if one does.
  /// Errors name the files under `reportedDirectory` (a staging folder's final name).
  /// Returns the records.
  static func assemble(
    directory: String, points: Range<Int>, files: [String], optionalFiles: [String] = [], emptyHeaders: [String: String],
    reportedDirectory: String? = nil
  ) throws -> [Manifest.FileRecord] {
    var written: [StreamingFile] = []
    func path(_ point: Int, _ name: String) -> String {
      PathName.join(SweepLayout.pointDirectory(directory, point), name)
    }
    do {
      let present = optionalFiles.map { name in (name, points.filter { FileManager.default.fileExists(atPath: path($0, name)) }) }
      for (name, havers) in [(String, [Int])](files.map { ($0, Array(points)) }) + present {
        if havers.isEmpty && emptyHeaders[name] == nil { continue }
        let file = try StreamingFile(path: PathName.join(directory, name), reportedPath: PathName.join(reportedDirectory ?? directory, name))
        written.append(file)
        if havers.isEmpty { try file.write(emptyHeaders[name]!) }
        for point in havers {
          guard let data = FileManager.default.contents(atPath: path(point, name)) else {
            throw MissingPointFile(path: path(point, name))
          }
          let text = String(decoding: data, as: UTF8.self)
          if point == havers.first {
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
      Manifest.FileRecord(path: PathName.lastComponent($0.path), rows: max($0.lines - 1, 0), bytes: $0.bytes, sha256: $0.sha256)
    }
  }
}

/// A design point's file vanished between the check and the assembly (runtime failure).
struct MissingPointFile: Error, CustomStringConvertible {
  let path: String
  var description: String { "cannot read \(path) while assembling the sweep" }
}
