export { followerFaults, followLog, type FollowedLog, type FollowUntil } from './log-follower.js';
