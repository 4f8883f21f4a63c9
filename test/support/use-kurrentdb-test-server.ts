/**
 * Jest setup of the kurrentdb-e2e project: every ControlPlaneServer of the
 * test file keeps its log on a KurrentDB test server in the test process
 * (see control-plane-server.ts), and those servers stop after the file.
 */
import { stopKurrentDbTestServers } from "./control-plane-server.js";

process.env.CONTROL_PLANE_EVENT_STORE = "kurrentdb-test-server";

afterAll(() => stopKurrentDbTestServers());
