-- Messages to search (bench/search.sh): :messages text messages in :conversations groups, sent
-- over the last year, 70% English and 30% Chinese, words drawn from a vocabulary with a
-- skewed frequency: "meeting" is in about half of the English messages, "搜索" in about one
-- Chinese message in six, "xylophone" in one message in 100,000. The users searcher50 and
-- searcher1000 (registered before) are members of the first 50 and the first 1,000 groups.
CREATE FUNCTION pg_temp.body(g bigint) RETURNS text AS $$
  SELECT CASE WHEN g % 10 < 3 THEN
    (SELECT string_agg(w[1 + floor(power(random(), 2) * array_length(w, 1))::int], '')
     FROM (SELECT ARRAY['我们', '明天', '搜索', '会议', '项目', '今天', '下午', '客户', '问题', '时间',
       '文件', '开始', '已经', '需要', '可以', '发送', '报告', '团队', '引擎', '数据', '服务器', '上线',
       '测试', '版本', '计划', '讨论', '确认', '一下', '周五', '设计', '方案', '结果', '邮件', '电话',
       '地址', '消息', '图片', '视频', '语音', '朋友', '公司', '北京', '上海', '晚饭', '咖啡', '周末',
       '合同', '预算', '部署', '用户', '接口', '文档', '代码', '审核', '修复', '性能', '内存', '网络',
       '安全', '登录', '注册', '密码', '通知', '提醒', '日程', '出差', '机场', '酒店', '天气', '下雨',
       '休息', '加班', '工资', '会议室', '白板', '打印', '报销', '发票', '快递', '午饭', '生日', '蛋糕',
       '电影', '音乐', '篮球', '跑步', '健身', '医院', '学校', '孩子', '家里', '路上', '地铁', '出租车'] w,
       generate_series(1, 3 + g % 5)) s)
  ELSE
    (SELECT string_agg(w[1 + floor(power(random(), 2) * array_length(w, 1))::int], ' ')
     FROM (SELECT ARRAY['meeting', 'we', 'the', 'today', 'project', 'will', 'send', 'report', 'team',
       'tomorrow', 'please', 'check', 'release', 'deploy', 'server', 'client', 'review', 'design', 'budget',
       'customer', 'issue', 'fixed', 'test', 'build', 'version', 'plan', 'discuss', 'confirm', 'friday',
       'monday', 'call', 'email', 'address', 'message', 'photo', 'video', 'voice', 'file', 'upload',
       'download', 'office', 'london', 'berlin', 'lunch', 'coffee', 'weekend', 'contract', 'invoice',
       'database', 'index', 'search', 'engine', 'query', 'latency', 'memory', 'network', 'security',
       'login', 'password', 'notification', 'reminder', 'calendar', 'travel', 'airport', 'hotel',
       'weather', 'rain', 'holiday', 'overtime', 'salary', 'whiteboard', 'printer', 'expense', 'parcel',
       'birthday', 'cake', 'movie', 'music', 'football', 'running', 'gym', 'doctor', 'school', 'kids',
       'home', 'train', 'taxi', 'launch', 'roadmap', 'sprint', 'backlog', 'ticket', 'merge', 'branch',
       'commit', 'rollback', 'incident', 'outage', 'alert', 'dashboard', 'metrics', 'chart', 'slides',
       'agenda', 'minutes', 'decision', 'approval', 'signature', 'partner', 'vendor', 'quote', 'order',
       'shipping', 'warehouse', 'inventory', 'marketing', 'campaign', 'launches', 'meetings', 'reports',
       'deploying', 'tested', 'reviewed', 'planning', 'discussed', 'confirmed', 'sending', 'checked'] w,
       generate_series(1, 5 + g % 11)) s)
  END || CASE WHEN g % 100000 = 77 THEN ' xylophone' ELSE '' END
$$ LANGUAGE sql VOLATILE;

INSERT INTO users (username, display_name, password_hash, role, created_at, updated_at)
SELECT 'sender' || g, 'Sender ' || g, '-', 'USER', now(), now() FROM generate_series(1, :conversations / 4) g;
CREATE TEMPORARY TABLE senders AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE username LIKE 'sender%';
INSERT INTO conversations (kind, name, last_seq, last_activity_at, created_by, created_at)
SELECT 'GROUP', 'search ' || g, :messages / :conversations, now(), u.id, now() - interval '1 year'
FROM generate_series(0, :conversations - 1) g JOIN senders u ON u.n = g % (:conversations / 4);
CREATE TEMPORARY TABLE groups AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, created_by FROM conversations WHERE name LIKE 'search %';
INSERT INTO conversation_members (conversation_id, user_id, role, read_seq, joined_at)
SELECT id, created_by, 'OWNER', 0, now() - interval '1 year' FROM groups
UNION ALL
SELECT g.id, u.id, 'MEMBER', 0, now() - interval '1 year' FROM groups g JOIN users u ON u.username = 'searcher50' WHERE g.n < 50
UNION ALL
SELECT g.id, u.id, 'MEMBER', 0, now() - interval '1 year' FROM groups g JOIN users u ON u.username = 'searcher1000' WHERE g.n < 1000;
INSERT INTO messages (conversation_id, seq, sender_id, kind, body, created_at)
SELECT c.id, m / :conversations + 1, c.created_by, 'TEXT', pg_temp.body(m),
       now() - (:messages - m) * interval '30 seconds'
FROM generate_series(0, :messages - 1) m JOIN groups c ON c.n = m % :conversations
-- ids in the order of the times, as a deployment's are
ORDER BY m;
ANALYZE;
