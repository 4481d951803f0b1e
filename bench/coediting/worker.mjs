// One share of the bench's clients in its own Node process, forked by run.mjs (--procs > 1)
// when one process would not keep up with the deliveries. Talks to run.mjs over the IPC
// channel ('advanced' serialization: typed arrays travel as such):
//
//   run.mjs -> {type: 'init', spec}      worker -> {type: 'synced'} | {type: 'failed', error}
//   run.mjs -> {type: 'ping', id}        worker -> {type: 'pong', id, t}  (clock check)
//   run.mjs -> {type: 'start', t0, settleS}   worker -> {type: 'done', report}
//   run.mjs -> {type: 'stop'}            worker exits

import { ClientGroup, clock } from './group.mjs'

let group = null

process.on('message', async (message) => {
  try {
    if (message.type === 'init') {
      group = new ClientGroup(message.spec)
      await group.connect()
      process.send({ type: 'synced' })
    } else if (message.type === 'ping') {
      process.send({ type: 'pong', id: message.id, t: clock() })
    } else if (message.type === 'start') {
      await group.run(message.t0, message.settleS)
      process.send({ type: 'done', report: group.report() })
    } else if (message.type === 'stop') {
      group?.destroy()
      process.exit(0)
    }
  } catch (err) {
    process.send({ type: 'failed', error: err.message })
    group?.destroy()
    process.exit(2)
  }
})
// The parent gone (killed, crashed): do not linger with open sockets.
process.on('disconnect', () => process.exit(3))
