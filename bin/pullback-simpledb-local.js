#!/usr/bin/env node
import '../dist/simpledb-local.js';
