import XCTest
@testable import HotJITEngine
import HotJITSupport

/// Time samples: the kernel's samples of a thread's instruction pointer, and their attribution to JIT'd functions
/// and tiers in the statistics.
final class TimeSamplerTests: XCTestCase {
    /// Spins for about `milliseconds` of CPU time on the calling thread.
    private func spin(milliseconds: Double) {
        var clock = timespec()
        func cpuSeconds() -> Double {
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &clock)
            return Double(clock.tv_sec) + Double(clock.tv_nsec) / 1e9
        }
        let end = cpuSeconds() + milliseconds / 1000
        var x: UInt64 = 1
        while cpuSeconds() < end { x = x &* 6364136223846793005 &+ 1 }
        XCTAssertNotEqual(x, 0)
    }

    private func skipIfRefused(_ sampler: OpaquePointer?) throws -> OpaquePointer {
        guard let sampler else { throw XCTSkip("perf events refused here (errno \(errno))") }
        return sampler
    }

    func testSamplesOfTheCallingThreadArriveOncePerPeriodOfItsCPUTime() throws {
        let sampler = try skipIfRefused(hotjit_pc_sampler_open(hotjit_thread_id(), 1_000_000))
        defer { hotjit_pc_sampler_close(sampler) }
        spin(milliseconds: 100)
        var addresses: [UInt64] = []
        let count = withUnsafeMutablePointer(to: &addresses) {
            hotjit_pc_sampler_drain(sampler, { ip, context in
                context!.assumingMemoryBound(to: [UInt64].self).pointee.append(ip)
            }, $0)
        }
        XCTAssertEqual(count, addresses.count)
        // One per millisecond of CPU time in user space; reading the thread's clock spends some of it in the kernel.
        XCTAssertGreaterThan(count, 10)
        XCTAssertLessThan(count, 200)
        XCTAssertTrue(addresses.allSatisfy { $0 != 0 })
        XCTAssertEqual(hotjit_pc_sampler_drain(sampler, { _, _ in }, nil), 0, "a drain takes what it read")
        XCTAssertEqual(hotjit_pc_sampler_lost(sampler), 0)
    }

    /// A loop in a JIT'd function: its samples land on it, at tier 0 or in its optimized continuation, and the
    /// statistics show them.
    func testSamplesAreAttributedToTheJITFunctionTheyFellIn() throws {
        if let probe = hotjit_pc_sampler_open(hotjit_thread_id(), 1_000_000) { hotjit_pc_sampler_close(probe) } else {
            throw XCTSkip("perf events refused here (errno \(errno))")
        }
        var options = EngineOptions()
        options.tiering.timeSampling = true
        options.tiering.backedgeThreshold = 1000
        let engine = try Engine(options: options)
        try engine.addModule(text: """
            define i64 @spin(i64 %n) {
            entry:
              br label %loop
            loop:
              %i = phi i64 [ 0, %entry ], [ %next, %loop ]
              %x = phi i64 [ 1, %entry ], [ %y, %loop ]
              %m = mul i64 %x, 6364136223846793005
              %y = add i64 %m, 1
              %next = add i64 %i, 1
              %more = icmp slt i64 %next, %n
              br i1 %more, label %loop, label %exit
            exit:
              ret i64 %y
            }
            """, name: "spin.ll")
        let function = try engine.cFunction("spin", as: (@convention(c) (Int64) -> Int64).self)
        XCTAssertNotEqual(function(400_000_000), 0)
        let samples = try XCTUnwrap(engine.timeSamples, "the thread was watched from its trigger")
        XCTAssertEqual(samples.threads, 1)
        let record = try XCTUnwrap(engine.function(named: "spin"))
        XCTAssertGreaterThan(record.tier0Samples + record.optimizedSamples, 20)
        XCTAssertLessThanOrEqual(record.tier0Samples + record.optimizedSamples, samples.samples)
        XCTAssertTrue(Statistics.table(engine).contains("time samples (1 ms of CPU each, 1 threads"))
        XCTAssertTrue(Statistics.json(engine, wallSeconds: 0).contains("\"samples\": {\"t0\": \(record.tier0Samples)"))
    }

    func testWithoutTimeSamplingNothingIsSampled() throws {
        let engine = try Engine(options: EngineOptions())
        XCTAssertNil(engine.timeSamples)
        XCTAssertTrue(Statistics.json(engine, wallSeconds: 0).contains("\"time_samples\": null"))
    }
}
