// The loopback server as its own process (for the per-call benchmark): prints {"origin": …} when listening, answers
// {"requests": n} to any line on stdin, and stops on SIGTERM or when stdin closes.
import { startLoopback } from "../loopback.mjs";

const loopback = await startLoopback();
process.stdout.write(`${JSON.stringify({ origin: loopback.origin })}\n`);
process.stdin.setEncoding("utf8");
process.stdin.on("data", () => process.stdout.write(`${JSON.stringify({ requests: loopback.requests })}\n`));
const stop = () => loopback.close().then(() => process.exit(0));
process.stdin.on("end", stop);
process.on("SIGTERM", stop);
