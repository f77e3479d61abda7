SELECT id, v FROM keep ORDER BY id;
