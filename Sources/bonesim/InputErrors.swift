import ArgumentParser
import BoneSim
import BoneSimScenario
import Foundation

/// Exit code for input errors (bad scenario or sweep files, unknown names): 2.
let inputErrorExitCode = ExitCode(2)
/// Exit code for failures while running: 1.
let runtimeErrorExitCode = ExitCode(1)

/// Runs `body`, printing scenario errors one per line on stderr and exiting 2, and other
/// errors with exit 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as ScenarioError {
    for issue in error.issues { FileHandle.standardError.write(Data("error: \(issue)\n".utf8)) }
    throw inputErrorExitCode
  } catch let error as ExitCode {
    throw error
  } catch let error as RunError {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    throw ExitCode(error.exitCode)
  } catch let error as ForecastError {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    throw ExitCode(error.exitCode)
  } catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    throw runtimeErrorExitCode
  }
}
